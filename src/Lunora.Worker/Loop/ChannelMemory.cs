using System.Collections.Concurrent;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Worker.Loop;

/// <summary>
/// What the loop remembers between runs of a channel, none of it needed for correctness after a restart: since when
/// the channel has been in its state (the idle grace counts from it), the last plan (for the <c>plan</c> command),
/// and when running time was last counted.
/// </summary>
public sealed class ChannelMemory
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ObservedChannel Stamp(ObservedChannel observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var entry = _entries.AddOrUpdate(
            observed.ChannelId,
            _ => new Entry(observed.State, now, null, null, null),
            (_, old) => old.State == observed.State ? old : old with { State = observed.State, Since = now });
        return observed with { StateSince = entry.Since };
    }

    /// <summary>Seconds of running time since the last count, for cost accounting.</summary>
    public TimeSpan CountRunning(string channelId, bool running, DateTimeOffset now)
    {
        var elapsed = TimeSpan.Zero;
        _entries.AddOrUpdate(
            channelId,
            _ => new Entry(ChannelState.Idle, now, null, running ? now : null, null),
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

    public void RememberPlan(string channelId, ReconcilePlan plan, DateTimeOffset at) =>
        _entries.AddOrUpdate(
            channelId,
            _ => new Entry(ChannelState.Idle, at, plan, null, at),
            (_, old) => old with { LastPlan = plan, PlannedAt = at });

    public (ReconcilePlan? Plan, DateTimeOffset? At) LastPlan(string channelId) =>
        _entries.TryGetValue(channelId, out var e) ? (e.LastPlan, e.PlannedAt) : (null, null);

    private sealed record Entry(
        ChannelState State,
        DateTimeOffset Since,
        ReconcilePlan? LastPlan,
        DateTimeOffset? RunningCountedAt,
        DateTimeOffset? PlannedAt);
}
