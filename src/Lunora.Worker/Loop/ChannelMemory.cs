using System.Collections.Concurrent;
using Lunora.Domain.Observed;

namespace Lunora.Worker.Loop;

/// <summary>
/// What the loop remembers between runs of a channel, none of it needed for correctness after a restart: since when
/// the channel has been in its state (shown, not planned from), and when running time was last counted.
/// </summary>
public sealed class ChannelMemory
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="previous">The state seen on the previous run, or null on the first run.</param>
    public ObservedChannel Stamp(ObservedChannel observed, DateTimeOffset now, out ChannelState? previous)
    {
        ArgumentNullException.ThrowIfNull(observed);
        previous = _entries.TryGetValue(observed.ChannelId, out var before) ? before.State : null;
        var entry = _entries.AddOrUpdate(
            observed.ChannelId,
            _ => new Entry(observed.State, now, null),
            (_, old) => old.State == observed.State ? old : old with { State = observed.State, Since = now });
        return observed with { StateSince = entry.Since };
    }

    /// <summary>Seconds of running time since the last count, for cost accounting.</summary>
    public TimeSpan CountRunning(string channelId, bool running, DateTimeOffset now)
    {
        var elapsed = TimeSpan.Zero;
        _entries.AddOrUpdate(
            channelId,
            _ => new Entry(ChannelState.Idle, now, running ? now : null),
            (_, old) =>
            {
                if (running && old.RunningCountedAt is { } last)
                {
                    elapsed = now - last;
                }

                return old with { RunningCountedAt = running ? now : null };
            });
        return elapsed;
    }

    private sealed record Entry(ChannelState State, DateTimeOffset Since, DateTimeOffset? RunningCountedAt);
}
