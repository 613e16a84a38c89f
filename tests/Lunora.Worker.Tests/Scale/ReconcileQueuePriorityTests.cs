using Lunora.Worker.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Scale;

/// <summary>Under load, keys a change asked for go before routine looks that are due as well.</summary>
public sealed class ReconcileQueuePriorityTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TakeAsync_RoutineDueEarlier_IntentHandedOutFirst()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("polled", TimeSpan.Zero, "requeue");
        queue.Add("resynced", TimeSpan.Zero, "resync");
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.Add("clicked", TimeSpan.Zero, "intent changed");
        queue.Add("commanded", TimeSpan.Zero, "command stop");

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            order.Add((await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Key);
        }

        Assert.Equal(["clicked", "commanded", "polled", "resynced"], order);
    }

    [Fact]
    public async Task Add_RoutineAfterIntentForSameKey_StaysUrgent()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("polled", TimeSpan.Zero, "requeue");
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.Add("clicked", TimeSpan.Zero, "intent changed");
        queue.Add("clicked", TimeSpan.Zero, "resync");

        var item = await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("clicked", item.Key);
        Assert.Equal("intent changed", item.Reason);
    }

    [Fact]
    public async Task Done_IntentArrivedWhileProcessing_GoesBeforeRoutine()
    {
        using var queue = new ReconcileQueue(_time);
        queue.Add("busy", TimeSpan.Zero, "requeue");
        var running = await queue.TakeAsync(CancellationToken.None);
        queue.Add("busy", TimeSpan.FromSeconds(5), "requeue");
        queue.Add("busy", TimeSpan.Zero, "intent changed");
        queue.Add("polled", TimeSpan.Zero, "requeue");
        _time.Advance(TimeSpan.FromSeconds(1));

        queue.Done(running.Key);
        var item = await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("busy", item.Key);
        Assert.Equal("intent changed", item.Reason);
    }
}
