using System.Diagnostics.Metrics;
using Lunora.Domain.Observed;
using Lunora.Domain.Policy;
using Lunora.Worker.Aws;
using Lunora.Worker.Health;
using Lunora.Worker.Loop;
using Lunora.Worker.Telemetry;
using Lunora.Worker.Tests.Loop.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Loop;

public sealed class ReconcileRunnerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeChannelGateway _gateway = new();
    private readonly FakeLease _lease = new();
    private readonly RecordingStore _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LunoraMetrics _metrics;
    private readonly ReconcileRunner _runner;

    public ReconcileRunnerTests()
    {
        _metrics = new LunoraMetrics(_services.GetRequiredService<IMeterFactory>(), _time);
        var signals = new ScriptedSignals();
        var health = new HealthMonitor(signals, signals, _time, NullLogger<HealthMonitor>.Instance);
        var memory = new ChannelMemory();
        var rejected = new RejectedDestinations();
        var changes = new ChannelChangeObserver(_store, health, memory, _lease, new LoopOptions(), _time, _metrics, NullLogger<ChannelChangeObserver>.Instance);
        _runner = new ReconcileRunner(
            new ReconcileInputReader(_store, _gateway, health, new NeverPaused(), memory, rejected, ReconcilePolicy.Default, _time),
            new PlanExecutor(_gateway, _store, _lease, _metrics, changes, NullLogger<PlanExecutor>.Instance),
            changes,
            new TerminalFailureReporter(_store, _lease, _metrics, NullLogger<TerminalFailureReporter>.Instance),
            rejected,
            new ReconcileFailureClassifier(),
            ReconcilePolicy.Default,
            _time);
    }

    [Fact]
    public async Task PlanAsync_ChannelChangedStateAsLeader_WritesNothing()
    {
        await _runner.PlanAsync("c", CancellationToken.None);
        _gateway.State = ChannelState.Running;

        await _runner.PlanAsync("c", CancellationToken.None);

        Assert.Empty(_store.SessionEvents);
        Assert.Empty(_store.Statuses);
        Assert.Empty(_gateway.Mutations);
    }

    [Fact]
    public async Task RunAsync_ChannelSeenRunningWithNoRun_OpensOneAsStartedOutsideLunora()
    {
        _gateway.State = ChannelState.Running;

        var outcome = await _runner.RunAsync("c", CancellationToken.None);

        Assert.IsType<ReconcileOutcome.Converged>(outcome);
        Assert.Equal(["run-opened", "running"], _store.SessionEvents);
    }

    [Fact]
    public async Task RunAsync_ChannelGone_TerminalWithTheReason()
    {
        var gone = new GoneGateway();
        var signals = new ScriptedSignals();
        var health = new HealthMonitor(signals, signals, _time, NullLogger<HealthMonitor>.Instance);
        var memory = new ChannelMemory();
        var rejected = new RejectedDestinations();
        var changes = new ChannelChangeObserver(_store, health, memory, _lease, new LoopOptions(), _time, _metrics, NullLogger<ChannelChangeObserver>.Instance);
        var runner = new ReconcileRunner(
            new ReconcileInputReader(_store, gone, health, new NeverPaused(), memory, rejected, ReconcilePolicy.Default, _time),
            new PlanExecutor(gone, _store, _lease, _metrics, changes, NullLogger<PlanExecutor>.Instance),
            changes,
            new TerminalFailureReporter(_store, _lease, _metrics, NullLogger<TerminalFailureReporter>.Instance),
            rejected,
            new ReconcileFailureClassifier(),
            ReconcilePolicy.Default,
            _time);

        var outcome = await runner.RunAsync("c", CancellationToken.None);

        var terminal = Assert.IsType<ReconcileOutcome.TerminalFailure>(outcome);
        Assert.Contains("channel c not found", terminal.Reason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    private sealed class GoneGateway : Lunora.Worker.MediaLive.IChannelGateway
    {
        public Task<ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken) =>
            Task.FromException<ObservedChannel>(new AwsNotFoundException($"Channel {channelId} not found"));

        public Task ApplyOutputsAsync(string channelId, Lunora.Domain.Planning.UpdateOutputs action, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(string channelId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(string channelId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
