namespace Lunora.Worker.Loop;

/// <summary>What /readyz needs to know about the loop: when a reconcile last succeeded.</summary>
public sealed class LoopHealth
{
    private long _lastSuccessTicks;

    public DateTimeOffset? LastSuccessAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void Succeeded(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);
}
