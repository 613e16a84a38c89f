using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Lunora.Worker.Secrets;

/// <summary>The SSM client: default AWS chain, or a local stand-in via AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL.</summary>
public static class SsmClientFactory
{
    public static AmazonSimpleSystemsManagementClient Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var config = new AmazonSimpleSystemsManagementConfig();
        var url = Value(configuration, "AWS_ENDPOINT_URL_SSM") ?? Value(configuration, "AWS_ENDPOINT_URL");
        var region = Value(configuration, "AWS_REGION");
        if (url is not null)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region ?? "us-west-2";
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback
                ? new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("dummy", "dummy"), config)
                : new AmazonSimpleSystemsManagementClient(config);
        }

        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonSimpleSystemsManagementClient(config);
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : null;
}
