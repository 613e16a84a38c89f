using System.Collections.Immutable;

namespace Lunora.Domain.Delivery;

/// <summary>
/// What relay mode plans with besides the channel: the relays that answered, why the others did not (redacted), and
/// where each MediaLive pipeline publishes its ingests (relay A's ingest base URL, then relay B's).
/// </summary>
/// <param name="IngestUrls">Per pipeline, the RTMP URL the channel's ingest outputs send to; the ingest's name is the stream name.</param>
public sealed record RelayContext(
    ImmutableArray<ObservedRelay> Relays,
    ImmutableDictionary<int, string> Unreachable,
    ImmutableArray<string> IngestUrls)
{
    public static string RelayName(int relay) => relay switch
    {
        0 => "relay A",
        1 => "relay B",
        _ => $"relay {relay}",
    };
}
