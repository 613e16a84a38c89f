using Lunora.Domain.Planning;

namespace Lunora.Domain.Delivery;

/// <summary>
/// Names on the relay. A destination's path carries the same name as its MediaLive output group would, so the two
/// modes speak of one destination with one name; ingest paths (what MediaLive publishes, one per encoding) use another
/// prefix, so the planner can never take one for a destination path and remove it.
/// </summary>
public static class RelayNaming
{
    public const string IngestPrefix = "ingest-";

    /// <summary>Ingest of destinations without a preset (the channel's own encoding).</summary>
    public const string DefaultIngest = IngestPrefix + "default";

    public static string DestinationPath(string destinationId) => OutputNaming.GroupName(destinationId);

    /// <summary>One ingest per distinct encoding: the hash keeps preset ids of any spelling out of URLs.</summary>
    public static string IngestPath(string? presetId) =>
        presetId is null ? DefaultIngest : IngestPrefix + OutputNaming.GroupName("preset:" + presetId)[OutputNaming.Prefix.Length..];

    /// <summary>True for the paths the delivery planner owns (adds, re-targets and removes); everything else on the relay is left alone.</summary>
    public static bool IsManaged(string? pathName) => OutputNaming.IsManaged(pathName);
}
