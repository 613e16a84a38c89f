using Amazon.Runtime;

namespace Lunora.Worker.Aws;

/// <summary>Where and as whom one service client talks.</summary>
/// <param name="Endpoint">Base URI; request paths are appended to it.</param>
/// <param name="Region">SigV4 signing region.</param>
/// <param name="Credentials">AWSSDK.Core credentials; they cache and refresh themselves.</param>
public sealed record AwsClientSettings(AwsService Service, Uri Endpoint, string Region, AWSCredentials Credentials)
{
    /// <summary>Endpoint and region from the environment; credentials from the SDK's default chain (environment, profile, ECS, instance role).</summary>
    public static AwsClientSettings FromEnvironment(AwsService service, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var region = AwsEndpointResolver.ResolveRegion(environment);
        var endpoint = AwsEndpointResolver.ResolveEndpoint(service, region, environment);
        // A loopback endpoint is a local stand-in: with no credentials configured, sign with dummy ones rather than
        // walk the chain to the instance metadata service, which does not exist there and would stall the start.
        AWSCredentials credentials = endpoint.IsLoopback && string.IsNullOrEmpty(environment("AWS_ACCESS_KEY_ID"))
            ? new BasicAWSCredentials("local", "local")
            : new DefaultChainCredentials();
        return new AwsClientSettings(service, endpoint, region, credentials);
    }
}
