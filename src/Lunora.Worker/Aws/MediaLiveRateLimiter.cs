namespace Lunora.Worker.Aws;

/// <summary>
/// The one gate every MediaLive request of this process passes (each retry attempt too): a token bucket of
/// <see cref="MediaLiveRateLimitOptions.Burst"/> tokens refilled one at a time by a timer of the injected
/// <see cref="TimeProvider"/>. A caller over budget waits in line instead of failing, so Lunora never causes its own
/// throttling. (System.Threading.RateLimiting's TokenBucketRateLimiter reads the real clock even when replenished by
/// hand, which fake time cannot drive; a semaphore of tokens is all this needs.)
/// </summary>
public sealed class MediaLiveRateLimiter : IDisposable
{
    private readonly SemaphoreSlim _tokens;
    private readonly ITimer _refill;
    private readonly TimeProvider _time;
    private readonly Lock _refillGate = new();
    private long _waitedTicks;
    private long _waits;
    private int _queued;
    private bool _disposed;

    public MediaLiveRateLimiter(MediaLiveRateLimitOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RequestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Burst);
        Options = options;
        _time = time;
        _tokens = new SemaphoreSlim(options.Burst, options.Burst);
        var period = TimeSpan.FromSeconds(1 / options.RequestsPerSecond);
        _refill = time.CreateTimer(_ => Refill(), null, period, period);
    }

    public MediaLiveRateLimitOptions Options { get; }

    /// <summary>Requests that had to wait for a token.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Total time requests spent waiting for a token.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    /// <summary>Requests waiting right now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Waits (in line) for one request's token.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        if (_tokens.Wait(0, CancellationToken.None))
        {
            return;
        }

        var started = _time.GetTimestamp();
        Interlocked.Increment(ref _queued);
        try
        {
            await _tokens.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        Interlocked.Increment(ref _waits);
        Interlocked.Add(ref _waitedTicks, _time.GetElapsedTime(started).Ticks);
    }

    public void Dispose()
    {
        _refill.Dispose();
        lock (_refillGate)
        {
            _disposed = true;
            _tokens.Dispose();
        }
    }

    // Takers only ever lower the count, so checking under this lock is enough to never overfill the bucket.
    private void Refill()
    {
        lock (_refillGate)
        {
            if (!_disposed && _tokens.CurrentCount < Options.Burst)
            {
                _tokens.Release();
            }
        }
    }
}
