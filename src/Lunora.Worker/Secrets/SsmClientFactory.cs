using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Secrets;

/// <summary>The SSM client: default AWS chain, or a local stand-in via AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL.</summary>
public static class SsmClientFactory
{
    public static AmazonSimpleSystemsManagementClient Create(AwsSdkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (config, credentials) = SdkClientConfig.For<AmazonSimpleSystemsManagementConfig>(settings.SsmEndpoint, settings.Region);
        return credentials is null ? new AmazonSimpleSystemsManagementClient(config) : new AmazonSimpleSystemsManagementClient(credentials, config);
    }
}
