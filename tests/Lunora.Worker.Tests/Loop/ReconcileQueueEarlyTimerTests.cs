using Lunora.Worker.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Loop;

/// <summary>
/// Real timers may fire slightly before their due time by the wall clock. The queue must not lose the wake-up then
/// (found end to end: requeues of 0.1 s waited for the 5 s resync).
/// </summary>
public class ReconcileQueueEarlyTimerTests
{
    [Fact]
    public async Task TakeAsync_TimerFiresBeforeDue_KeyHandedOutWhenDue()
    {
        var time = new EarlyTimers(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        using var queue = new ReconcileQueue(time);
        queue.Add("c1", TimeSpan.FromSeconds(1), "requeue");

        var take = queue.TakeAsync(CancellationToken.None);
        time.Fake.Advance(TimeSpan.FromMilliseconds(995));
        await Task.Delay(50);
        Assert.False(take.IsCompleted);

        time.Fake.Advance(TimeSpan.FromMilliseconds(5));
        var item = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("c1", item.Key);
    }

    /// <summary>Timers fire 5 ms early (or at half their due time when shorter).</summary>
    private sealed class EarlyTimers(FakeTimeProvider fake) : TimeProvider
    {
        public FakeTimeProvider Fake { get; } = fake;

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var early = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(5).Ticks, dueTime.Ticks / 2));
            return Fake.CreateTimer(callback, state, dueTime - early, period);
        }
    }
}
