using System.Collections.Concurrent;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// What each channel's loop last achieved: when a reconcile last completed (converged, paused, or planned as a standby)
/// and whether its newest run ended in a terminal error. Readiness is read per channel from here and liveness from the
/// newest completion of any channel; a transient error leaves both as they were (the retry may still succeed).
/// </summary>
public sealed class ChannelProgress(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ChannelProgressEntry> _channels = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private long _newestCompletionTicks;

    /// <summary>When this process started watching: liveness measures from here until the first completion.</summary>
    public DateTimeOffset StartedAt => _startedAt;

    public DateTimeOffset? NewestCompletion
    {
        get
        {
            var ticks = Interlocked.Read(ref _newestCompletionTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public IReadOnlyDictionary<string, ChannelProgressEntry> Channels => _channels;

    public void Known(string channelId) => _channels.TryAdd(channelId, new ChannelProgressEntry(null, null));

    public void Completed(string channelId)
    {
        var now = time.GetUtcNow();
        _channels[channelId] = new ChannelProgressEntry(now, null);
        long seen;
        do
        {
            seen = Interlocked.Read(ref _newestCompletionTicks);
            if (seen >= now.UtcTicks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _newestCompletionTicks, now.UtcTicks, seen) != seen);
    }

    public void Terminal(string channelId, string reason) =>
        _channels.AddOrUpdate(channelId, _ => new ChannelProgressEntry(null, reason), (_, old) => old with { TerminalReason = reason });
}
