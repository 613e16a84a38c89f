using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace Lunora.Worker.Commands;

/// <summary>The SQS client: endpoint from <c>AWS_ENDPOINT_URL_SQS</c>, else <c>AWS_ENDPOINT_URL</c>, else AWS's own.</summary>
public static class SqsClientFactory
{
    public static IAmazonSQS Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = Value(configuration, "AWS_ENDPOINT_URL_SQS") ?? Value(configuration, "AWS_ENDPOINT_URL");
        var region = Value(configuration, "AWS_REGION");
        var config = new AmazonSQSConfig();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region ?? "us-west-2";
            // Stand-ins do not check signatures; without this the default chain fails (no credentials) on every call.
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback)
            {
                return new AmazonSQSClient(new BasicAWSCredentials("dummy", "dummy"), config);
            }
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonSQSClient(config);
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : null;
}
