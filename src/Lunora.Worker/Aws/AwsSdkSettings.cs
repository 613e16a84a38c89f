namespace Lunora.Worker.Aws;

/// <summary>
/// Where the AWSSDK clients for SQS and SSM point: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c>
/// (a local stand-in), else the region's AWS endpoint. (DynamoDB's endpoint is in <see cref="State.StateOptions"/>;
/// MediaLive's and CloudWatch's in <see cref="AwsClientSettings"/>.) The URLs are validated with the other settings.
/// </summary>
public sealed record AwsSdkSettings(string? Region, string? SqsEndpoint, string? SsmEndpoint)
{
    public static AwsSdkSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var shared = Value("AWS_ENDPOINT_URL");
        return new AwsSdkSettings(Value("AWS_REGION"), Value("AWS_ENDPOINT_URL_SQS") ?? shared, Value("AWS_ENDPOINT_URL_SSM") ?? shared);

        string? Value(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;
    }
}
