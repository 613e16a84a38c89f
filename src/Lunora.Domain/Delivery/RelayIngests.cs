using System.Collections.Immutable;
using Lunora.Domain.Desired;

namespace Lunora.Domain.Delivery;

/// <summary>
/// What MediaLive must publish to the relays in relay mode: one ingest per distinct encoding named by any RTMP
/// destination record, whatever its state, URL or key. Starting, stopping, re-pointing or failing a destination over
/// therefore never changes the set; only a new encoding (a preset no record used before) does, and that is an encoder
/// change, which needs a restart anyway.
/// </summary>
public static class RelayIngests
{
    public static ImmutableSortedSet<string> For(DesiredChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Destinations
            .Where(d => d.Platform != Platform.Hls)
            .Select(d => RelayNaming.IngestPath(d.PresetId))
            .ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// True only when an ingest is required that the channel does not publish yet. An ingest no longer needed is left
    /// publishing until the next encoder change: removing it would cost every destination a restart to save nothing.
    /// </summary>
    public static bool NeedChannelUpdate(IEnumerable<string> required, IEnumerable<string> published)
    {
        ArgumentNullException.ThrowIfNull(required);
        return !required.ToImmutableHashSet(StringComparer.Ordinal).IsSubsetOf(published);
    }
}
