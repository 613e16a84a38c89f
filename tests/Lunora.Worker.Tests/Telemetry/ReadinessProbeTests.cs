using System.Globalization;
using Lunora.Worker.Configuration;
using Lunora.Worker.Loop;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Telemetry;

[Collection(MeterRecordingCollection.Name)]
public sealed class ReadinessProbeTests : IDisposable
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(15);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
    private readonly Lease _lease = new();
    private readonly LunoraMetrics _metrics;
    private readonly ReadinessProbe _probe;

    public ReadinessProbeTests()
    {
        _metrics = new LunoraMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _time);
        _probe = new ReadinessProbe(_lease, new LoopHealth(), _metrics, new LunoraSettings { ReadyStaleAfter = TimeSpan.FromMinutes(3) }, new LivenessOptions(Stale), _time);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void CheckLiveness_LeaderWithoutACompletedReconcileForLongerThanTheLimit_NotLive()
    {
        _lease.Held = true;
        _metrics.ReconcileCompleted("c1");
        _time.Advance(Stale + TimeSpan.FromSeconds(1));

        var (live, reason) = _probe.CheckLiveness();

        Assert.False(live);
        Assert.Contains("without a completed reconcile", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLiveness_LeaderCompletingReconciles_Live()
    {
        _lease.Held = true;
        _time.Advance(Stale - TimeSpan.FromSeconds(1));
        _metrics.ReconcileCompleted("c1");
        _time.Advance(Stale - TimeSpan.FromSeconds(1));

        Assert.True(_probe.CheckLiveness().Live);
    }

    [Fact]
    public void CheckLiveness_LeaderThatNeverCompletedOne_NotLiveAfterTheLimitFromStart()
    {
        _lease.Held = true;
        Assert.True(_probe.CheckLiveness().Live);

        _time.Advance(Stale + TimeSpan.FromSeconds(1));

        Assert.False(_probe.CheckLiveness().Live);
    }

    [Fact]
    public void CheckLiveness_StandbyWithoutProgress_Live()
    {
        _lease.Held = false;
        _time.Advance(Stale * 4);

        Assert.True(_probe.CheckLiveness().Live);
    }

    [Fact]
    public void CheckChannel_OneChannelInTerminalFailure_OnlyThatChannelUnready()
    {
        _lease.Known = true;
        _metrics.ReconcileCompleted("c1");
        _metrics.ReconcileCompleted("c2");
        _metrics.TerminalFailure("c2", new Lunora.Worker.Aws.AwsNotFoundException("NotFoundException", "channel not found"));

        Assert.True(_probe.CheckChannel("c1").Ready);
        var (ready, reason) = _probe.CheckChannel("c2");
        Assert.False(ready);
        Assert.Contains(TerminalReasons.NotFound, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckChannel_NoCompletedReconcileWithinTheReadyLimit_Unready()
    {
        _lease.Known = true;
        _metrics.ReconcileCompleted("c1");
        _time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

        Assert.False(_probe.CheckChannel("c1").Ready);
        Assert.False(_probe.CheckChannel("unknown").Ready);
    }

    private sealed class Lease : ILeaderLease
    {
        public bool Held { get; set; }

        public bool Known { get; set; }

        public bool IsHeld => Held;

        public long FencingToken => 1;

        public bool RoleKnown => Known || Held;
    }
}
