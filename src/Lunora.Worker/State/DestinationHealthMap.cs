using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Health;

namespace Lunora.Worker.State;

/// <summary>
/// The record's <c>health</c> map (docs/dynamodb-contract.md): overall status and since when, the URL type in use, each
/// pipeline's status, since when and evidence, the last error, <c>updated_at</c>. <see cref="Fingerprint"/> is all of
/// it but <c>updated_at</c>, so the writer writes only when something in it changed. Built only from health evidence
/// (alert type and id, ActiveOutputs), status reasons and ids: no URL and no key ever goes in; text that contains a
/// URL is withheld as a whole, in case a future evidence string quotes one.
/// </summary>
public sealed record DestinationHealthMap(
    string Status,
    string? Since,
    string? UrlType,
    IReadOnlyList<(int Pipeline, string Status, string? Since, string? Evidence)> Pipelines,
    string? LastError)
{
    public const string UrlWithheld = "(text with a URL withheld)";

    /// <summary>Everything but <c>updated_at</c>, canonical: equal fingerprints mean nothing to write.</summary>
    public string Fingerprint => string.Join(
        '|',
        [Status, Since ?? "", UrlType ?? "", LastError ?? "", .. Pipelines.Select(p => $"{p.Pipeline}:{p.Status}:{p.Since}:{p.Evidence}")]);

    public static DestinationHealthMap From(HealthSnapshot? health, string destinationId, string? urlType, string status, string? reason, string? previousLastError)
    {
        var pipelines = health is null
            ? []
            : health.Pipelines
                .Where(p => string.Equals(p.Key.DestinationId, destinationId, StringComparison.Ordinal))
                .OrderBy(p => p.Key.Pipeline)
                .Select(p => (p.Key.Pipeline, Name(p.Value.Status), Time(p.Value.Since), Safe(p.Value.Evidence)))
                .ToList();
        string overall;
        string? since;
        if (health?.UnavailableSince is { } unavailable)
        {
            overall = "unavailable";
            since = Time(unavailable);
        }
        else
        {
            overall = pipelines.Count == 0 ? "unknown"
                : pipelines.Any(p => p.Item2 == "failing") ? "failing"
                : pipelines.All(p => p.Item2 == "healthy") ? "healthy"
                : "unknown";
            // Since when the overall verdict holds: the latest pipeline to enter it.
            since = pipelines.Where(p => p.Item2 == overall).Select(p => p.Item3).OfType<string>().Max(StringComparer.Ordinal);
        }

        var failing = pipelines.Where(p => p.Item2 == "failing").Select(p => p.Item4).OfType<string>().FirstOrDefault();
        // The status reason is the one already written to status_reason; evidence is checked for URLs.
        var lastError = status == "error" ? reason : failing ?? previousLastError;
        return new DestinationHealthMap(overall, since, urlType, pipelines, lastError);
    }

    public AttributeValue ToAttribute(DateTimeOffset now)
    {
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["status"] = new(Status),
            ["pipelines"] = new AttributeValue
            {
                M = Pipelines.ToDictionary(
                    p => p.Pipeline.ToString(CultureInfo.InvariantCulture),
                    p =>
                    {
                        var entry = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["status"] = new(p.Status) };
                        if (p.Since is not null)
                        {
                            entry["since"] = new(p.Since);
                        }

                        if (p.Evidence is not null)
                        {
                            entry["evidence"] = new(p.Evidence);
                        }

                        return new AttributeValue { M = entry };
                    },
                    StringComparer.Ordinal),
            },
            ["updated_at"] = new(DynamoTime.Format(now)),
        };
        if (Since is not null)
        {
            map["since"] = new(Since);
        }

        if (UrlType is not null)
        {
            map["url_type"] = new(UrlType);
        }

        if (LastError is not null)
        {
            map["last_error"] = new(LastError);
        }

        return new AttributeValue { M = map };
    }

    /// <summary>The stored map, read back (for the comparison after a restart); null when there is none or it is not one of ours.</summary>
    public static DestinationHealthMap? FromAttribute(AttributeValue? value)
    {
        if (value?.M is not { Count: > 0 } map || Str(map, "status") is not { } status)
        {
            return null;
        }

        var pipelines = (map.TryGetValue("pipelines", out var p) && p.M is { } byPipeline ? byPipeline : [])
            .Where(kv => int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && kv.Value.M is not null)
            .Select(kv => (int.Parse(kv.Key, CultureInfo.InvariantCulture), Str(kv.Value.M, "status") ?? "unknown", Str(kv.Value.M, "since"), Str(kv.Value.M, "evidence")))
            .OrderBy(x => x.Item1)
            .ToList();
        return new DestinationHealthMap(status, Str(map, "since"), Str(map, "url_type"), pipelines, Str(map, "last_error"));
    }

    private static string? Str(Dictionary<string, AttributeValue> map, string key) => map.TryGetValue(key, out var v) ? v.S : null;

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Failing => "failing",
        _ => "unknown",
    };

    private static string? Time(DateTimeOffset? at) => at is { } t ? DynamoTime.Format(t) : null;

    private static string? Safe(string? text) => text is null ? null : text.Contains("://", StringComparison.Ordinal) ? UrlWithheld : text;
}
