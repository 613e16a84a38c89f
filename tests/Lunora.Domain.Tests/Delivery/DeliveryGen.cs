using System.Collections.Immutable;
using CsCheck;
using Lunora.Domain.Delivery;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Delivery;

/// <summary>
/// Random desired outputs (both channel classes) and random relay states drawn from small pools, so observed paths
/// often match, partly match (wrong source, wrong URL, wrong key, extra forwards) or miss what is desired, next to
/// paths Lunora does not own.
/// </summary>
internal static class DeliveryGen
{
    private static readonly string[] Urls = ["rtmp://a.example/live", "rtmps://b.example:443/app", "rtmp://c.example/x"];
    private static readonly string[] Keys = ["fp-1", "fp-2", "fp-3"];
    private static readonly string?[] Presets = [null, "p-720", "p-1080"];
    private static readonly string[] Foreign = ["ingest-default", "all_others", "operator-test"];

    public static readonly Gen<DesiredTarget> Target =
        from url in Gen.OneOf(Urls)
        from key in Gen.OneOf(Keys)
        from backup in Gen.Bool
        select new DesiredTarget(url, "/lunora/keys/" + key, key, backup ? UrlType.Backup : UrlType.Primary);

    /// <summary>Outputs of one channel: every output has the channel's pipeline count (2 for STANDARD, 1 for SINGLE_PIPELINE).</summary>
    public static readonly Gen<ImmutableArray<DesiredOutput>> Outputs =
        from pipelines in Gen.Int[1, 2]
        from ids in Gen.Int[0, 7].HashSet[0, 6]
        from targets in Target.Array[pipelines].Array[ids.Count]
        from presets in Gen.OneOf(Presets).Array[ids.Count]
        select ids.Order().Select((id, i) => Output("d-" + id, targets[i], presets[i])).ToImmutableArray();

    public static readonly Gen<ObservedRelayPath> ObservedPath =
        from managedId in Gen.Int[0, 9]
        from foreign in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from foreignName in Gen.OneOf(Foreign)
        from source in Gen.OneOf(Presets.Select(RelayNaming.IngestPath).Append(null).ToArray())
        from forwards in Gen.Select(Gen.OneOf(Urls), Gen.OneOf(Keys), (u, k) => new ObservedTarget(u, k)).Array[0, 2]
        select new ObservedRelayPath(foreign ? foreignName : RelayNaming.DestinationPath("d-" + managedId), source, [.. forwards]);

    /// <summary>Relay 0 and 1, each independently reachable (present) or not.</summary>
    public static readonly Gen<ImmutableArray<ObservedRelay>> Relays =
        from reachable0 in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from reachable1 in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from paths0 in ObservedPath.Array[0, 8]
        from paths1 in ObservedPath.Array[0, 8]
        select new[] { (reachable0, 0, paths0), (reachable1, 1, paths1) }
            .Where(r => r.Item1)
            .Select(r => new ObservedRelay(r.Item2, [.. r.Item3.DistinctBy(p => p.Name, StringComparer.Ordinal)]))
            .ToImmutableArray();

    public static DesiredOutput Output(string destinationId, IEnumerable<DesiredTarget> pipelines, string? presetId) =>
        new(destinationId, OutputNaming.GroupName(destinationId), [.. pipelines], presetId);
}
