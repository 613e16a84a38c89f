using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Delivery;

/// <summary>
/// The channel's own outputs in relay mode: one managed output group per ingest (<see cref="RelayIngests"/>), pipeline
/// i publishing to relay i's ingest URL with the ingest's name as stream name. The name is not a secret: the key
/// parameter <c>relay-ingest:&lt;name&gt;</c> resolves to the name itself in the adapter.
/// </summary>
public static class RelayIngestOutputs
{
    public const string KeyParameterPrefix = "relay-ingest:";

    /// <summary>The ingest's pseudo destination id: its group is named from it like any destination's (the adapter checks that).</summary>
    public static string OwnerId(string ingest) => "relay-ingest:" + ingest;

    public static string GroupName(string ingest) => OutputNaming.GroupName(OwnerId(ingest));

    public static ImmutableArray<DesiredOutput> For(DesiredChannel channel, ImmutableArray<string> ingestUrls, int pipelines)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var byIngest = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var d in channel.Destinations.Where(d => d.Platform != Platform.Hls))
        {
            byIngest.TryAdd(RelayNaming.IngestPath(d.PresetId), d.PresetId);
        }

        return [.. byIngest.Select(i => new DesiredOutput(
            OwnerId(i.Key),
            GroupName(i.Key),
            [.. Enumerable.Range(0, pipelines).Select(p => new DesiredTarget(
                ingestUrls[Math.Min(p, ingestUrls.Length - 1)],
                KeyParameterPrefix + i.Key,
                "ingest:" + i.Key,
                p == 0 ? UrlType.Primary : UrlType.Backup))],
            i.Value))];
    }
}
