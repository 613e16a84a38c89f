using Lunora.Worker.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Loop;

public class ReconcileQueueTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Add_SameKeyTwice_HandedOutOnce()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("c1", TimeSpan.Zero, "a");
        queue.Add("c1", TimeSpan.Zero, "b");

        var item = await queue.TakeAsync(CancellationToken.None);

        Assert.Equal("c1", item.Key);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Add_Delayed_NotHandedOutBeforeDue()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("c1", TimeSpan.FromSeconds(5), "later");

        var take = queue.TakeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(20);
        Assert.False(take.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        var item = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("c1", item.Key);
    }

    [Fact]
    public async Task Add_TimerFiresJustBeforeDue_StillHandedOutAtDue()
    {
        using var queue = new ReconcileQueue(new EarlyTimers(_time));
        queue.Add("c1", TimeSpan.FromMilliseconds(500), "requeue");

        var take = queue.TakeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(20);
        Assert.False(take.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var item = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("c1", item.Key);
    }

    [Fact]
    public async Task Add_EarlierDueTime_Wins()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("c1", TimeSpan.FromSeconds(60), "resync");
        queue.Add("c1", TimeSpan.Zero, "intent changed");

        var item = await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("intent changed", item.Reason);
    }

    [Fact]
    public async Task Add_WhileProcessing_HandedOutOnlyAfterDone()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("c1", TimeSpan.Zero, "first");
        var first = await queue.TakeAsync(CancellationToken.None);

        queue.Add("c1", TimeSpan.Zero, "during");
        var second = queue.TakeAsync(CancellationToken.None);
        await Task.Delay(20);
        Assert.False(second.IsCompleted);

        queue.Done(first.Key);
        var item = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("during", item.Reason);
    }

    [Fact]
    public async Task Take_TwoKeys_BothHandedOutConcurrently()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("c1", TimeSpan.Zero, "a");
        queue.Add("c2", TimeSpan.Zero, "b");

        var one = await queue.TakeAsync(CancellationToken.None);
        var two = await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotEqual(one.Key, two.Key);
    }

    /// <summary>The fake clock, but timers fire a millisecond early, as real ones can against the wall clock.</summary>
    private sealed class EarlyTimers(FakeTimeProvider inner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime > TimeSpan.FromMilliseconds(1) ? dueTime - TimeSpan.FromMilliseconds(1) : dueTime, period);
    }
}
