using System.Collections.Immutable;
using Lunora.Domain.Planning;
using Lunora.Worker.Health;
using Lunora.Worker.Loop;
using Lunora.Worker.Telemetry;
using Lunora.Worker.Tests.Loop.Fakes;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Loop;

public sealed class PlanExecutorTests : IDisposable
{
    private static readonly UpdateOutputs Update = new(ImmutableArray<DesiredOutput>.Empty, "fp");
    private readonly FakeTimeProvider _time = new();
    private readonly FakeChannelGateway _gateway = new();
    private readonly FakeLease _lease = new();
    private readonly RecordingStore _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LunoraMetrics _metrics;
    private readonly ChannelChangeObserver _changes;
    private readonly PlanExecutor _executor;

    public PlanExecutorTests()
    {
        _metrics = new LunoraMetrics(_services.GetRequiredService<IMeterFactory>(), _time);
        var signals = new ScriptedSignals();
        var health = new HealthMonitor(signals, signals, _time, NullLogger<HealthMonitor>.Instance);
        _changes = new ChannelChangeObserver(_store, health, new ChannelMemory(), _lease, new LoopOptions(), _time, _metrics, NullLogger<ChannelChangeObserver>.Instance);
        _executor = new PlanExecutor(_gateway, _store, _lease, _metrics, _changes, NullLogger<PlanExecutor>.Instance);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseNotHeld_NoMutationButNotLeader()
    {
        _lease.IsHeld = false;
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None);

        Assert.IsType<ExecutionResult.NotLeader>(result);
        Assert.Empty(_gateway.Mutations);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseLostMidPlan_StopsBeforeTheNextMutation()
    {
        var plan = Plan(Update, new StartChannel("wanted"));
        var lose = new LosingLeaseGateway(_gateway, _lease);
        var executor = new PlanExecutor(lose, _store, _lease, _metrics, _changes, NullLogger<PlanExecutor>.Instance);

        var result = await executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None);

        Assert.IsType<ExecutionResult.NotLeader>(result);
        Assert.Equal(["update"], _gateway.Mutations);
    }

    [Fact]
    public async Task ExecuteAsync_Paused_StatusesWrittenNoMutation()
    {
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: true, CancellationToken.None);

        Assert.IsType<ExecutionResult.Completed>(result);
        Assert.Empty(_gateway.Mutations);
        Assert.Single(_store.Statuses);
    }

    [Fact]
    public async Task ExecuteAsync_UpdateThenStart_UpdatesThenAwaitsUpdatingWithStatusesWritten()
    {
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None);

        Assert.Equal(new ExecutionResult.AwaitTransition(1, "UPDATING"), result);
        Assert.Equal(["update"], _gateway.Mutations);
        Assert.Single(_store.Statuses);
    }

    [Fact]
    public async Task ExecuteAsync_StartOnly_StartsWithoutWritingHistory()
    {
        var plan = Plan(new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None);

        Assert.Equal(new ExecutionResult.Completed(1), result);
        Assert.Equal(["start"], _gateway.Mutations);
        Assert.DoesNotContain("start-requested", _store.SessionEvents);
    }

    [Fact]
    public async Task ExecuteAsync_RestartStop_AwaitsStoppingWithoutUpdating()
    {
        _gateway.State = Lunora.Domain.Observed.ChannelState.Running;
        var plan = Plan(new StopChannel("changed", Restart: true), Update, new StartChannel("restart"));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None);

        Assert.Equal(new ExecutionResult.AwaitTransition(1, "STOPPING"), result);
        Assert.Equal(["stop"], _gateway.Mutations);
    }

    [Fact]
    public async Task ExecuteAsync_FailoverRestartStopFails_FailoverAlreadyRecorded()
    {
        // Nothing to stop: the fake refuses, as MediaLive would answer a stop it cannot do.
        _gateway.State = Lunora.Domain.Observed.ChannelState.Idle;
        var failover = new RecordFailover("a", UrlType.Primary, UrlType.Backup, "primary failing", null, _time.GetUtcNow());
        var plan = Plan(failover, new StopChannel("failover needs new outputs", Restart: true), Update, new StartChannel("restart"), Status("a", DestinationStatus.Starting));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _executor.ExecuteAsync("c", plan, paused: false, CancellationToken.None));

        Assert.Equal([failover], _store.Failovers);
        Assert.Empty(_gateway.Mutations);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    private static ReconcilePlan Plan(params PlanAction[] actions) => new([.. actions], null);

    private static SetDestinationStatus Status(string id, DestinationStatus status) => new(id, status, null, null, 1);

    private sealed class LosingLeaseGateway(FakeChannelGateway inner, FakeLease lease) : Lunora.Worker.MediaLive.IChannelGateway
    {
        public Task<Lunora.Domain.Observed.ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken) => inner.ObserveAsync(channelId, cancellationToken);

        public async Task ApplyOutputsAsync(string channelId, UpdateOutputs action, CancellationToken cancellationToken)
        {
            await inner.ApplyOutputsAsync(channelId, action, cancellationToken);
            lease.IsHeld = false;
        }

        public Task StartAsync(string channelId, CancellationToken cancellationToken) => inner.StartAsync(channelId, cancellationToken);

        public Task StopAsync(string channelId, CancellationToken cancellationToken) => inner.StopAsync(channelId, cancellationToken);
    }
}
