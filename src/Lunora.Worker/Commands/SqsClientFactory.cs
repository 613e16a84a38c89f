using Amazon.SQS;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Commands;

/// <summary>The SQS client: endpoint from <c>AWS_ENDPOINT_URL_SQS</c>, else <c>AWS_ENDPOINT_URL</c>, else AWS's own.</summary>
public static class SqsClientFactory
{
    public static IAmazonSQS Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (config, credentials) = SdkClientConfig.For<AmazonSQSConfig>(SdkClientConfig.Value(configuration, "AWS_ENDPOINT_URL_SQS") ?? SdkClientConfig.Value(configuration, "AWS_ENDPOINT_URL"), SdkClientConfig.Value(configuration, "AWS_REGION"));
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
