using Amazon.SQS;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Commands;

/// <summary>The SQS client: endpoint from <c>AWS_ENDPOINT_URL_SQS</c>, else <c>AWS_ENDPOINT_URL</c>, else AWS's own.</summary>
public static class SqsClientFactory
{
    public static IAmazonSQS Create(AwsSdkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (config, credentials) = SdkClientConfig.For<AmazonSQSConfig>(settings.SqsEndpoint, settings.Region);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
