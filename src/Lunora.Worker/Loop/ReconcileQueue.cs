namespace Lunora.Worker.Loop;

/// <summary>
/// A keyed, de-duplicated, delaying work queue (controller-runtime's workqueue, reduced to what the loop needs): a key
/// is queued at most once with its earliest due time; a key being processed is never handed out twice, and a request
/// that arrives meanwhile is kept and handed out after <see cref="Done"/>. Time comes from the injected provider.
/// Among due keys, those a change asked for (intent, command, event) go before routine looks (requeue, resync,
/// backoff): when every worker slot is busy, a click must not wait behind a queue of health polls.
/// </summary>
public sealed class ReconcileQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private ITimer? _timer;
    private bool _disposed;

    public ReconcileQueue(TimeProvider time)
    {
        _time = time;
    }

    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count + _dirty.Count;
            }
        }
    }

    /// <summary>Queue <paramref name="key"/> to be due after <paramref name="delay"/>; an earlier due time wins.</summary>
    public void Add(string key, TimeSpan delay, string reason)
    {
        var due = _time.GetUtcNow() + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var target = _processing.Contains(key) ? _dirty : _queued;
            target[key] = Merge(target.GetValueOrDefault(key), new Entry(due, reason, _time.GetUtcNow(), !IsRoutine(reason)));

            Rearm();
        }
    }

    /// <summary>Waits for the next due key and marks it as being processed.</summary>
    public async Task<QueueItem> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var next = _queued.Where(kv => kv.Value.Due <= now)
                    .OrderByDescending(kv => kv.Value.Urgent)
                    .ThenBy(kv => kv.Value.Due)
                    .FirstOrDefault();
                if (next.Key is not null)
                {
                    _queued.Remove(next.Key);
                    _processing.Add(next.Key);
                    Rearm();
                    return new QueueItem(next.Key, next.Value.Reason, now - next.Value.EnqueuedAt);
                }

                // Nothing due yet, although we were woken: a timer can fire a little before its due time by the clock
                // (timers count ticks, the clock is read separately). Arm it again, or the key would wait for the
                // next unrelated Add (seconds, at the periodic resync).
                Rearm();
            }

            await _signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Processing of <paramref name="key"/> finished; a request that arrived meanwhile becomes queued.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Remove(key, out var pending))
            {
                _queued[key] = Merge(_queued.GetValueOrDefault(key), pending);
            }

            Rearm();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _signal.Dispose();
        }
    }

    // Wakes takers now if something is due, else arms one timer for the earliest due time.
    private void Rearm()
    {
        var now = _time.GetUtcNow();
        var waiting = _queued.Count == 0 ? (DateTimeOffset?)null : _queued.Values.Min(e => e.Due);
        if (waiting is null)
        {
            return;
        }

        if (waiting <= now)
        {
            _signal.Release();
            return;
        }

        _timer?.Dispose();
        _timer = _time.CreateTimer(_ => Signal(), null, waiting.Value - now, Timeout.InfiniteTimeSpan);
    }

    private void Signal()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _signal.Release();
            }
        }
    }

    // Routine looks are scheduled by the loop itself; anything else was asked for by a change in the world.
    private static bool IsRoutine(string reason) =>
        reason.StartsWith("requeue", StringComparison.Ordinal)
        || reason is "resync" or "backoff" or "not leader";

    // The earliest due time wins; once a change asked for the key it stays urgent, and its reason is the one logged.
    private static Entry Merge(Entry? existing, Entry incoming)
    {
        if (existing is null)
        {
            return incoming;
        }

        var reason = incoming.Urgent && !existing.Urgent ? incoming.Reason
            : existing.Urgent && !incoming.Urgent ? existing.Reason
            : incoming.Due < existing.Due ? incoming.Reason : existing.Reason;
        return new Entry(
            incoming.Due < existing.Due ? incoming.Due : existing.Due,
            reason,
            existing.EnqueuedAt < incoming.EnqueuedAt ? existing.EnqueuedAt : incoming.EnqueuedAt,
            existing.Urgent || incoming.Urgent);
    }

    private sealed record Entry(DateTimeOffset Due, string Reason, DateTimeOffset EnqueuedAt, bool Urgent);
}
