using Lunora.Domain.Observed;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Tests.Loop;

public class ChannelMemoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountRunning_ConsecutiveRunningLooks_CountsTimeBetweenThem()
    {
        var memory = new ChannelMemory();
        memory.Stamp(new ObservedChannel("c", ChannelClass.Standard, ChannelState.Running, [], "fp"), T0, out _);

        Assert.Equal(TimeSpan.Zero, memory.CountRunning("c", running: true, T0));
        Assert.Equal(TimeSpan.FromSeconds(10), memory.CountRunning("c", running: true, T0.AddSeconds(10)));
        Assert.Equal(TimeSpan.Zero, memory.CountRunning("c", running: false, T0.AddSeconds(20)));
        Assert.Equal(TimeSpan.Zero, memory.CountRunning("c", running: true, T0.AddSeconds(30)));
    }

    [Fact]
    public void Stamp_SameState_KeepsSinceAndReportsPrevious()
    {
        var memory = new ChannelMemory();
        var idle = new ObservedChannel("c", ChannelClass.Standard, ChannelState.Idle, [], "fp");

        var first = memory.Stamp(idle, T0, out var none);
        var second = memory.Stamp(idle, T0.AddSeconds(5), out var previous);
        var running = memory.Stamp(idle with { State = ChannelState.Running }, T0.AddSeconds(9), out var beforeRunning);

        Assert.Null(none);
        Assert.Equal(T0, first.StateSince);
        Assert.Equal(T0, second.StateSince);
        Assert.Equal(ChannelState.Idle, previous);
        Assert.Equal(ChannelState.Idle, beforeRunning);
        Assert.Equal(T0.AddSeconds(9), running.StateSince);
    }
}
