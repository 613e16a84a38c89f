using System.Collections.Immutable;
using Lunora.Domain.Planning;
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
    private readonly PlanExecutor _executor;

    public PlanExecutorTests()
    {
        _metrics = new LunoraMetrics(_services.GetRequiredService<IMeterFactory>(), _time);
        _executor = new PlanExecutor(_gateway, _store, _lease, _time, _metrics, new LoopOptions(), _store, NullLogger<PlanExecutor>.Instance);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseNotHeld_NoMutationButNotLeader()
    {
        _lease.IsHeld = false;
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, TimeSpan.Zero, CancellationToken.None);

        Assert.True(result.NotLeader);
        Assert.Empty(_gateway.Mutations);
    }

    [Fact]
    public async Task ExecuteAsync_LeaseLostMidPlan_StopsBeforeTheNextMutation()
    {
        var plan = Plan(Update, new StartChannel("wanted"));
        var lose = new LosingLeaseGateway(_gateway, _lease);
        var executor = new PlanExecutor(lose, _store, _lease, _time, _metrics, new LoopOptions(), _store, NullLogger<PlanExecutor>.Instance);

        var result = await executor.ExecuteAsync("c", plan, paused: false, TimeSpan.Zero, CancellationToken.None);

        Assert.True(result.NotLeader);
        Assert.Equal(["update"], _gateway.Mutations);
    }

    [Fact]
    public async Task ExecuteAsync_Paused_StatusesWrittenNoMutation()
    {
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: true, TimeSpan.Zero, CancellationToken.None);

        Assert.False(result.NotLeader);
        Assert.Empty(_gateway.Mutations);
        Assert.Single(_store.Statuses);
    }

    [Fact]
    public async Task ExecuteAsync_UpdateThenStart_InOrderWithSessionOpened()
    {
        var plan = Plan(Update, new StartChannel("wanted"), Status("a", DestinationStatus.Starting));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(2, result.Mutations);
        Assert.Equal(["update", "start"], _gateway.Mutations);
        Assert.Contains("start-requested", _store.SessionEvents);
    }

    [Fact]
    public async Task ExecuteAsync_RestartStop_HandsBackAfterIdleWithoutUpdating()
    {
        _gateway.State = Lunora.Domain.Observed.ChannelState.Running;
        var plan = Plan(new StopChannel("changed", Restart: true), Update, new StartChannel("restart"));

        var result = await _executor.ExecuteAsync("c", plan, paused: false, TimeSpan.Zero, CancellationToken.None);

        Assert.True(result.HandBack);
        Assert.Equal(["stop"], _gateway.Mutations);
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
