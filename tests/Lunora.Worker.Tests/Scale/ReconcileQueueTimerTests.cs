using System.Diagnostics;
using Lunora.Worker.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Scale;

/// <summary>The queue under a real timer's habit of firing slightly before the wall clock reaches the due time.</summary>
public sealed class ReconcileQueueTimerTests
{
    [Fact]
    public async Task TakeAsync_TimerFiresBeforeDue_KeyStillHandedOutWhenDue()
    {
        var time = new EarlyTimers(new FakeTimeProvider());
        using var queue = new ReconcileQueue(time);
        queue.Add("ch", TimeSpan.FromMilliseconds(500), "requeue");
        var take = queue.TakeAsync(CancellationToken.None);
        var looked = time.NowCalls;
        var timers = time.TimersCreated;

        // The early timer fires at 400 ms; the taker wakes, finds nothing due yet.
        time.Fake.Advance(TimeSpan.FromMilliseconds(400));
        Assert.True(await UntilAsync(() => time.NowCalls > looked, TimeSpan.FromSeconds(5)), "the taker woke up");
        await UntilAsync(() => time.TimersCreated > timers, TimeSpan.FromSeconds(1));
        Assert.False(take.IsCompleted);

        time.Fake.Advance(TimeSpan.FromSeconds(1));
        var item = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("ch", item.Key);
    }

    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    private sealed class EarlyTimers(FakeTimeProvider fake) : TimeProvider
    {
        private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(100);
        private int _nowCalls;
        private int _timers;

        public FakeTimeProvider Fake => fake;

        public int NowCalls => Volatile.Read(ref _nowCalls);

        public int TimersCreated => Volatile.Read(ref _timers);

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _nowCalls);
            return fake.GetUtcNow();
        }

        public override long GetTimestamp() => fake.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return fake.CreateTimer(callback, state, dueTime > Early ? dueTime - Early : dueTime, period);
        }
    }
}
