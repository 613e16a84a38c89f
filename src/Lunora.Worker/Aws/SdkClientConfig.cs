using Amazon;
using Amazon.Runtime;

namespace Lunora.Worker.Aws;

/// <summary>
/// How every AWSSDK client of the worker (DynamoDB, SQS, SSM) is pointed: an endpoint override (a local stand-in) or
/// the region's AWS endpoint. A loopback endpoint gets dummy credentials, since stand-ins check no signature and the
/// default chain would fail there; a non-loopback override still uses the default chain.
/// </summary>
internal static class SdkClientConfig
{
    /// <returns>The configured client settings, and credentials to pass explicitly (null: the SDK's default chain).</returns>
    public static (TConfig Config, AWSCredentials? Credentials) For<TConfig>(string? endpoint, string? region)
        where TConfig : ClientConfig, new()
    {
        var config = new TConfig();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region ?? "us-west-2";
            var loopback = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback;
            return (config, loopback ? new BasicAWSCredentials("dummy", "dummy") : null);
        }

        if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return (config, null);
    }
}
