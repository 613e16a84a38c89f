using System.Collections.Immutable;
using Lunora.Domain.Delivery;

namespace Lunora.Worker.Relay;

/// <summary>
/// Delivery settings, read from the environment: <c>LUNORA_DELIVERY_MODE</c> (<c>direct</c>, the default, or
/// <c>relay</c>); in relay mode <c>LUNORA_RELAY_API_URLS</c> (relay A, then relay B for STANDARD channels),
/// <c>LUNORA_RELAY_SOURCE_BASE</c> (where a relay reads its own ingests; MediaMTX: <c>rtmp://127.0.0.1:1935</c>) and
/// <c>LUNORA_RELAY_API_CREDENTIALS_PARAMETER</c> (an SSM SecureString, or <c>/aws/reference/secretsmanager/…</c>),
/// <c>LUNORA_RELAY_INGEST_URLS</c> (where MediaLive's pipeline i publishes to relay i; the ingest's name is the stream
/// name) and <c>LUNORA_RELAY_STALL_SECONDS</c> (a forward whose bytes do not move this long is failing, default 10).
/// </summary>
public sealed record RelaySettings(DeliveryMode Mode, ImmutableArray<RelayEndpoint> Endpoints, string? CredentialsParameter)
{
    public const string IngestUrlsVariable = "LUNORA_RELAY_INGEST_URLS";
    public const string StallVariable = "LUNORA_RELAY_STALL_SECONDS";

    public const string ModeVariable = "LUNORA_DELIVERY_MODE";
    public const string UrlsVariable = "LUNORA_RELAY_API_URLS";
    public const string SourceBaseVariable = "LUNORA_RELAY_SOURCE_BASE";
    public const string CredentialsVariable = "LUNORA_RELAY_API_CREDENTIALS_PARAMETER";
    public const string DefaultSourceBase = "rtmp://127.0.0.1:1935";

    public static readonly RelaySettings Direct = new(DeliveryMode.Direct, [], null);

    /// <summary>Per pipeline, the RTMP URL MediaLive publishes the ingests to (relay A's, then relay B's).</summary>
    public ImmutableArray<string> IngestUrls { get; init; } = [];

    /// <summary>A forward that says forwarding but whose bytes have not moved this long is failing.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The settings, or a list of problems each naming its variable (never a value that could be a secret).</summary>
    public static (RelaySettings? Settings, IReadOnlyList<string> Problems) From(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        var modeText = environment(ModeVariable)?.Trim();
        if (string.IsNullOrEmpty(modeText) || string.Equals(modeText, "direct", StringComparison.OrdinalIgnoreCase))
        {
            return (Direct, problems);
        }

        if (!string.Equals(modeText, "relay", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{ModeVariable} must be 'direct' or 'relay', not '{modeText}'");
            return (null, problems);
        }

        var sourceBase = environment(SourceBaseVariable)?.Trim() is { Length: > 0 } s ? s : DefaultSourceBase;
        if (!Uri.TryCreate(sourceBase, UriKind.Absolute, out var sourceUri) || sourceUri.Scheme != "rtmp")
        {
            problems.Add($"{SourceBaseVariable} must be an rtmp:// URL");
        }

        var endpoints = ImmutableArray.CreateBuilder<RelayEndpoint>();
        var urls = (environment(UrlsVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length is < 1 or > 2)
        {
            problems.Add($"{UrlsVariable} must list one relay API URL (SINGLE_PIPELINE) or two (STANDARD: relay A, relay B)");
        }

        foreach (var (url, i) in urls.Select((u, i) => (u, i)))
        {
            if (Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo))
            {
                endpoints.Add(new RelayEndpoint(i, uri, sourceBase));
            }
            else
            {
                problems.Add($"{UrlsVariable} entry {i + 1} must be an http(s) URL without credentials in it");
            }
        }

        var credentials = environment(CredentialsVariable)?.Trim();
        if (string.IsNullOrEmpty(credentials))
        {
            problems.Add($"{CredentialsVariable} must name the parameter holding the relay API credentials: the API is never called unauthenticated");
        }

        var ingestUrls = (environment(IngestUrlsVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ingestUrls.Length != urls.Length)
        {
            problems.Add($"{IngestUrlsVariable} must list one RTMP ingest URL per relay API URL, in the same order (where MediaLive's pipeline i publishes to relay i)");
        }

        foreach (var (url, i) in ingestUrls.Select((u, i) => (u, i)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtmp" or "rtmps") || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
            {
                problems.Add($"{IngestUrlsVariable} entry {i + 1} must be an rtmp(s):// URL without credentials or query");
            }
        }

        var stall = TimeSpan.FromSeconds(10);
        if (environment(StallVariable) is { Length: > 0 } rawStall)
        {
            if (double.TryParse(rawStall, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                stall = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                problems.Add($"{StallVariable} must be a positive number of seconds");
            }
        }

        return problems.Count > 0
            ? (null, problems)
            : (new RelaySettings(DeliveryMode.Relay, endpoints.ToImmutable(), credentials) { IngestUrls = [.. ingestUrls], StallAfter = stall }, problems);
    }
}
