using Amazon.DynamoDBv2;
using Lunora.Worker.Aws;

namespace Lunora.Worker.State;

/// <summary>Builds the DynamoDB client: the default AWS chain in the cloud, a local stand-in when an endpoint URL is set.</summary>
public static class DynamoDbClientFactory
{
    public static AmazonDynamoDBClient Create(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (config, credentials) = SdkClientConfig.For<AmazonDynamoDBConfig>(options.ServiceUrl, options.Region);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }
}
