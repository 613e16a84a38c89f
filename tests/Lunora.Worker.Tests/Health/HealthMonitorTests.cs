using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Health;
using Lunora.Worker.Tests.Loop.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Health;

public sealed class HealthMonitorTests
{
    private const string Url = "rtmp://ingest.example/live";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedSignals _signals = new();
    private readonly HealthMonitor _monitor;

    public HealthMonitorTests() => _monitor = new HealthMonitor(_signals, _signals, _time, NullLogger<HealthMonitor>.Instance);

    [Fact]
    public async Task ObserveAsync_ReadFails_UnknownSinceTheFirstFailure()
    {
        _signals.Failure = new HttpRequestException("boom");
        var first = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);
        var since = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(30));

        var later = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);

        Assert.Equal(since, first.UnavailableSince);
        Assert.Equal(since, later.UnavailableSince);
        Assert.Equal(HealthStatus.Unknown, later.For("a", 0).Status);
    }

    [Fact]
    public async Task ObserveAsync_ReadWorksAgain_AvailableAndFailureSeenAfresh()
    {
        _signals.Active[(OutputNaming.GroupName("a"), 0)] = 0;
        await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);
        _signals.Failure = new HttpRequestException("boom");
        _time.Advance(TimeSpan.FromSeconds(60));
        await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);
        _signals.Failure = null;

        var back = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);

        Assert.Null(back.UnavailableSince);
        Assert.Equal(new PipelineHealth(HealthStatus.Failing, _time.GetUtcNow(), "ActiveOutputs 0 on pipeline 0"), back.For("a", 0));
    }

    [Fact]
    public async Task OnAlertEvent_SetInTheFuture_ClampedToNow()
    {
        var now = _time.GetUtcNow();
        _monitor.OnAlertEvent(new AlertSignal("ch", "9", "Failed RTMP Connection", 0, $"[{Url}]", IsSet: true, now.AddHours(1), null));

        var health = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);

        Assert.Equal(HealthStatus.Failing, health.For("a", 0).Status);
        Assert.Equal(now, health.For("a", 0).Since);
    }

    [Fact]
    public async Task ObserveAsync_ListedAlertInTheFuture_ClampedToNow()
    {
        var now = _time.GetUtcNow();
        _signals.Alerts.Add(new AlertSignal("ch", "1", "Failed RTMP Connection", 0, $"[{Url}]", IsSet: true, now.AddDays(1), null));

        var health = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);

        Assert.Equal(now, health.For("a", 0).Since);
    }

    [Fact]
    public async Task RememberSwitch_CarriedThroughStoppingAndIdle_DroppedWhenRunningAgain()
    {
        _monitor.RememberSwitch("ch", "a", UrlType.Backup);

        var stopping = await _monitor.ObserveAsync(Desired(), Running() with { State = ChannelState.Stopping }, null, CancellationToken.None);
        var idle = await _monitor.ObserveAsync(Desired(), Running() with { State = ChannelState.Idle }, null, CancellationToken.None);
        var running = await _monitor.ObserveAsync(Desired(), Running(), null, CancellationToken.None);
        var idleAgain = await _monitor.ObserveAsync(Desired(), Running() with { State = ChannelState.Idle }, null, CancellationToken.None);

        Assert.Equal(UrlType.Backup, stopping.PendingSwitchFor("a"));
        Assert.Equal(UrlType.Backup, idle.PendingSwitchFor("a"));
        Assert.Null(running.PendingSwitchFor("a"));
        Assert.Null(idleAgain.PendingSwitchFor("a"));
    }

    private static DesiredChannel Desired() =>
        new("ch", [new DestinationSpec { Id = "a", Primary = new EndpointSpec(Url, "/k/a", "fp-a") }]);

    private static ObservedChannel Running() =>
        new("ch", ChannelClass.SinglePipeline, ChannelState.Running, [new ObservedOutput(OutputNaming.GroupName("a"), [new ObservedTarget(Url, "fp-a")])], "fp");
}
