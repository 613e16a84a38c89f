namespace Lunora.Emulator.State;

/// <summary>The account-wide request budget: refills continuously at a steady rate up to a burst size.</summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(TimeProvider time, double ratePerSecond, int burst)
    {
        _time = time;
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _tokens = burst;
        _lastRefill = time.GetTimestamp();
    }

    public double RatePerSecond { get; private set; }

    public int Burst { get; private set; }

    public void Reconfigure(double ratePerSecond, int burst)
    {
        lock (_gate)
        {
            RatePerSecond = ratePerSecond;
            Burst = burst;
            _tokens = burst;
            _lastRefill = _time.GetTimestamp();
        }
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * RatePerSecond));
            _lastRefill = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
