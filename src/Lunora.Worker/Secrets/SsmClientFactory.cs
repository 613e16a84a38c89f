using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Secrets;

/// <summary>The SSM client: default AWS chain, or a local stand-in via AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL.</summary>
public static class SsmClientFactory
{
    public static AmazonSimpleSystemsManagementClient Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (config, credentials) = SdkClientConfig.For<AmazonSimpleSystemsManagementConfig>(SdkClientConfig.Value(configuration, "AWS_ENDPOINT_URL_SSM") ?? SdkClientConfig.Value(configuration, "AWS_ENDPOINT_URL"), SdkClientConfig.Value(configuration, "AWS_REGION"));
        return credentials is null ? new AmazonSimpleSystemsManagementClient(config) : new AmazonSimpleSystemsManagementClient(credentials, config);
    }
}
