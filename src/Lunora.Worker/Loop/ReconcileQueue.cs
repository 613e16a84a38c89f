namespace Lunora.Worker.Loop;

/// <summary>
/// A keyed, de-duplicated, delaying work queue (controller-runtime's workqueue, reduced to what the loop needs): a key
/// is queued at most once with its earliest due time; a key being processed is never handed out twice, and a request
/// that arrives meanwhile is kept and handed out after <see cref="Done"/>. Time comes from the injected provider.
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
            if (!target.TryGetValue(key, out var existing) || due < existing.Due)
            {
                target[key] = new Entry(due, reason, existing?.EnqueuedAt ?? _time.GetUtcNow());
            }

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
                var next = _queued.Where(kv => kv.Value.Due <= now).OrderBy(kv => kv.Value.Due).FirstOrDefault();
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
                if (!_queued.TryGetValue(key, out var existing) || pending.Due < existing.Due)
                {
                    _queued[key] = pending;
                }
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

    private sealed record Entry(DateTimeOffset Due, string Reason, DateTimeOffset EnqueuedAt);
}
