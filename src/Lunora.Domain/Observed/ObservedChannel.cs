using System.Collections.Immutable;

namespace Lunora.Domain.Observed;

/// <summary>
/// The channel as read. Only Lunora's own output groups are parsed; everything else is reduced to
/// <see cref="UnmanagedFingerprint"/>, which the adapter re-checks before any update so nothing unmanaged can change.
/// </summary>
/// <param name="StateSince">When this state was first observed (kept by the loop); null when unknown.</param>
public sealed record ObservedChannel(
    string ChannelId,
    ChannelClass Class,
    ChannelState State,
    ImmutableArray<ObservedOutput> ManagedOutputs,
    string UnmanagedFingerprint,
    DateTimeOffset? StateSince = null)
{
    public int PipelineCount => Class == ChannelClass.Standard ? 2 : 1;
}
