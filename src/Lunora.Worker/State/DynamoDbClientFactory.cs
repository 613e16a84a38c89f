using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Lunora.Worker.State;

/// <summary>Builds the DynamoDB client: the default AWS chain in the cloud, a local stand-in when an endpoint URL is set.</summary>
public static class DynamoDbClientFactory
{
    public static AmazonDynamoDBClient Create(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig();
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region ?? "us-west-2";
            // Stand-ins do not check signatures; real endpoints behind a custom URL still get the default chain.
            return IsLoopback(url)
                ? new AmazonDynamoDBClient(new BasicAWSCredentials("dummy", "dummy"), config)
                : new AmazonDynamoDBClient(config);
        }

        if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonDynamoDBClient(config);
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
