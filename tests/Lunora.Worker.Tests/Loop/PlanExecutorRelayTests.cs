using System.Diagnostics.Metrics;
using Lunora.Domain.Delivery;
using Lunora.Domain.Planning;
using Lunora.Worker.Health;
using Lunora.Worker.Loop;
using Lunora.Worker.Relay;
using Lunora.Worker.Telemetry;
using Lunora.Worker.Tests.Loop.Fakes;
using Lunora.Worker.Tests.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Loop;

/// <summary>Relay actions through the executor against the stand-in's real API: results, statuses, no MediaLive call.</summary>
public sealed class PlanExecutorRelayTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeChannelGateway _gateway = new();
    private readonly FakeLease _lease = new();
    private readonly RecordingStore _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private RelayClientHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RelayClientHarness.StartAsync();
        _harness.Keys["/k/a"] = "key-a-" + Guid.NewGuid().ToString("N");
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _services.DisposeAsync();
    }

    [RealVideo.RealVideoFact]
    public async Task ExecuteAsync_AddPath_AppliedOnTheRelayAndNoChannelMutation()
    {
        var executor = Executor(_harness.Gateway(_harness.Client()));

        var result = await executor.ExecuteAsync("c", Plan(Add("a", "/k/a"), Status("a")), paused: false, CancellationToken.None);

        Assert.Equal(new ExecutionResult.Completed(0), result);
        Assert.Empty(_gateway.Mutations);
        var observed = await _harness.Gateway(_harness.Client()).ObserveAsync(CancellationToken.None);
        Assert.Contains(observed.Relays[0].Paths, p => p.Name == RelayNaming.DestinationPath("a"));
        Assert.Equal(DestinationStatus.Starting, Assert.Single(_store.Statuses).Status);
    }

    [RealVideo.RealVideoFact]
    public async Task ExecuteAsync_RelayUnreachable_DeliveryRetryAndTheDestinationSaysSo()
    {
        var executor = Executor(_harness.Gateway(_harness.Client(address: new Uri("http://127.0.0.1:9/"))));

        var result = await executor.ExecuteAsync("c", Plan(Add("a", "/k/a"), Status("a"), Status("b")), paused: false, CancellationToken.None);

        Assert.IsType<ExecutionResult.DeliveryRetry>(result);
        Assert.Empty(_gateway.Mutations);
        var a = _store.Statuses.Single(s => s.DestinationId == "a");
        Assert.Equal(DestinationStatus.Starting, a.Status);
        Assert.StartsWith("relay A:", a.Reason, StringComparison.Ordinal);
        Assert.Null(_store.Statuses.Single(s => s.DestinationId == "b").Reason);
    }

    [RealVideo.RealVideoFact]
    public async Task ExecuteAsync_KeyParameterMissing_TerminalErrorOnThatDestinationOnlyAndNoRetry()
    {
        var executor = Executor(_harness.Gateway(_harness.Client()));

        var result = await executor.ExecuteAsync("c", Plan(Add("a", "/k/missing"), Add("b", "/k/a"), Status("a"), Status("b")), paused: false, CancellationToken.None);

        Assert.Equal(new ExecutionResult.Completed(0), result);
        Assert.Equal(DestinationStatus.Error, _store.Statuses.Single(s => s.DestinationId == "a").Status);
        Assert.Equal(DestinationStatus.Starting, _store.Statuses.Single(s => s.DestinationId == "b").Status);
    }

    [RealVideo.RealVideoFact]
    public async Task ExecuteAsync_Paused_NoRelayCall()
    {
        var executor = Executor(_harness.Gateway(_harness.Client()));

        await executor.ExecuteAsync("c", Plan(Add("a", "/k/a"), Status("a")), paused: true, CancellationToken.None);

        var observed = await _harness.Gateway(_harness.Client()).ObserveAsync(CancellationToken.None);
        Assert.Empty(observed.Relays[0].Paths);
    }

    private PlanExecutor Executor(RelayGateway relays)
    {
        var metrics = new LunoraMetrics(_services.GetRequiredService<IMeterFactory>(), _time);
        var signals = new ScriptedSignals();
        var health = new HealthMonitor(signals, signals, _time, NullLogger<HealthMonitor>.Instance);
        var changes = new ChannelChangeObserver(_store, health, new ChannelMemory(), _lease, new LoopOptions(), _time, metrics, NullLogger<ChannelChangeObserver>.Instance);
        return new PlanExecutor(_gateway, _store, _lease, metrics, changes, NullLogger<PlanExecutor>.Instance, relays);
    }

    private static AddRelayPath Add(string id, string keyParameter) =>
        new(new DesiredRelayPath(0, RelayNaming.DestinationPath(id), id, RelayNaming.DefaultIngest, new DesiredTarget($"rtmp://127.0.0.1:9/{id}", keyParameter, "fp-" + id, UrlType.Primary)));

    private static ReconcilePlan Plan(params PlanAction[] actions) => new([.. actions], null);

    private static SetDestinationStatus Status(string id) => new(id, DestinationStatus.Starting, UrlType.Primary, null, 1);
}
