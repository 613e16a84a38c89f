using Lunora.Domain.Delivery;
using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.RealVideo;

namespace Lunora.Worker.Tests.Relay;

/// <summary>Domain plan → gateway → stand-in → observation → plan again: the loop's relay leg without the loop.</summary>
public sealed class RelayGatewayTests : IAsyncLifetime
{
    private readonly string _youTubeKey = "yt-" + Guid.NewGuid().ToString("N");
    private readonly string _twitchKey = "tw-" + Guid.NewGuid().ToString("N");
    private RelayClientHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RelayClientHarness.StartAsync();
        _harness.Keys["/k/yt"] = _youTubeKey;
        _harness.Keys["/k/tw"] = _twitchKey;
    }

    public async Task DisposeAsync()
    {
        var logs = _harness.AllLogText;
        await _harness.DisposeAsync();
        Assert.DoesNotContain(_youTubeKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_twitchKey, logs, StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task ApplyPlan_ThenObserveAndPlanAgain_NothingLeftToDo()
    {
        var gateway = _harness.Gateway(_harness.Client());
        var desired = Desired(("yt", "rtmp://a.example/live2", "/k/yt", _youTubeKey), ("tw", "rtmp://b.example/app", "/k/tw", _twitchKey));

        var first = DeliveryPlanner.Plan(desired, (await gateway.ObserveAsync(CancellationToken.None)).Relays);
        Assert.Equal(2, first.Actions.Length);
        foreach (var action in first.Actions)
        {
            Assert.True((await gateway.ApplyAsync(action, CancellationToken.None)).Succeeded);
        }

        var second = DeliveryPlanner.Plan(desired, (await gateway.ObserveAsync(CancellationToken.None)).Relays);
        Assert.True(second.IsEmpty, string.Join(", ", second.Actions));
    }

    [RealVideoFact]
    public async Task ApplyPlan_UrlChangedAndOneStopped_TouchesOnlyThosePaths()
    {
        var gateway = _harness.Gateway(_harness.Client());
        var before = Desired(("yt", "rtmp://a.example/live2", "/k/yt", _youTubeKey), ("tw", "rtmp://b.example/app", "/k/tw", _twitchKey));
        foreach (var action in DeliveryPlanner.Plan(before, (await gateway.ObserveAsync(CancellationToken.None)).Relays).Actions)
        {
            await gateway.ApplyAsync(action, CancellationToken.None);
        }

        var twitchForward = (await gateway.ForwardsAsync(0, RelayNaming.DestinationPath("tw"), CancellationToken.None))![0].Id;
        var after = Desired(("yt", "rtmp://a2.example/live2", "/k/yt", _youTubeKey));
        var plan = DeliveryPlanner.Plan(after, (await gateway.ObserveAsync(CancellationToken.None)).Relays);

        Assert.Equal(
            new[] { (typeof(RemoveRelayPath), RelayNaming.DestinationPath("tw")), (typeof(RetargetRelayPath), RelayNaming.DestinationPath("yt")) }.OrderBy(a => a.Item2, StringComparer.Ordinal).ToArray(),
            plan.Actions.Select(a => (a.GetType(), a.PathName)).OrderBy(a => a.PathName, StringComparer.Ordinal).ToArray());
        Assert.NotEqual("", twitchForward);
    }

    [RealVideoFact]
    public async Task RelayRestartedWithStateLost_OnePlanPutsEveryPathBack()
    {
        var gateway = _harness.Gateway(_harness.Client());
        var desired = Desired(("yt", "rtmp://a.example/live2", "/k/yt", _youTubeKey), ("tw", "rtmp://b.example/app", "/k/tw", _twitchKey));
        foreach (var action in DeliveryPlanner.Plan(desired, (await gateway.ObserveAsync(CancellationToken.None)).Relays).Actions)
        {
            await gateway.ApplyAsync(action, CancellationToken.None);
        }

        await _harness.Relay.Server.ForgetPathsAsync();
        var repair = DeliveryPlanner.Plan(desired, (await gateway.ObserveAsync(CancellationToken.None)).Relays);
        Assert.Equal(2, repair.Actions.Count(a => a is AddRelayPath));
        foreach (var action in repair.Actions)
        {
            Assert.True((await gateway.ApplyAsync(action, CancellationToken.None)).Succeeded);
        }

        Assert.True(DeliveryPlanner.Plan(desired, (await gateway.ObserveAsync(CancellationToken.None)).Relays).IsEmpty);
        var forward = Assert.Single((await gateway.ForwardsAsync(0, RelayNaming.DestinationPath("yt"), CancellationToken.None))!);
        Assert.Equal(ForwardState.Idle, forward.Sample(DateTimeOffset.UnixEpoch).State);
    }

    [RealVideoFact]
    public async Task Observe_OneRelayUnreachable_ReportsItAndReadsTheOther()
    {
        var gateway = _harness.Gateway(_harness.Client(0), _harness.Client(1, new Uri($"http://127.0.0.1:{VideoTools.FreePort()}/")));

        var observation = await gateway.ObserveAsync(CancellationToken.None);

        Assert.Equal(0, Assert.Single(observation.Relays).Relay);
        Assert.Contains("unreachable", observation.Unreachable[1], StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task Apply_KeyParameterMissing_TerminalResultNoCall()
    {
        var gateway = _harness.Gateway(_harness.Client());
        var path = Desired(("yt", "rtmp://a.example/live2", "/k/missing", "fp"))[0];

        var result = await gateway.ApplyAsync(new AddRelayPath(path), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Transient);
        Assert.Empty((await gateway.ObserveAsync(CancellationToken.None)).Relays[0].Paths);
    }

    private static System.Collections.Immutable.ImmutableArray<DesiredRelayPath> Desired(params (string Id, string Url, string Parameter, string Key)[] destinations) =>
        RelayLayout.Paths(destinations.Select(d => new DesiredOutput(
            d.Id,
            OutputNaming.GroupName(d.Id),
            [new DesiredTarget(d.Url, d.Parameter, StreamKeyFingerprint.Of(d.Key), UrlType.Primary)],
            null)));
}
