using Amazon.Runtime;

namespace Lunora.Worker.Aws;

/// <summary>Endpoint and region resolution as every AWS SDK does it, with Lunora's MEDIALIVE_REGION in front.</summary>
public static class AwsEndpointResolver
{
    /// <summary>AWS_ENDPOINT_URL_{SERVICE}, then AWS_ENDPOINT_URL, else the service's public regional endpoint.</summary>
    public static Uri ResolveEndpoint(AwsService service, string region, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = NonEmpty(environment("AWS_ENDPOINT_URL_" + service.EnvironmentName))
            ?? NonEmpty(environment("AWS_ENDPOINT_URL"));
        if (configured is not null)
        {
            return new Uri(configured, UriKind.Absolute);
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}");
    }

    /// <summary>MEDIALIVE_REGION, then AWS_REGION, then the SDK's own fallback (profile, instance metadata).</summary>
    public static string ResolveRegion(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return NonEmpty(environment("MEDIALIVE_REGION"))
            ?? NonEmpty(environment("AWS_REGION"))
            ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException("No AWS region: set MEDIALIVE_REGION or AWS_REGION.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
