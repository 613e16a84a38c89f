using System.Collections.Immutable;
using Lunora.Domain.Delivery;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using Lunora.Domain.Tests.Planning;

namespace Lunora.Domain.Tests.Delivery;

public class RelayPlannerTests
{
    private static readonly ImmutableArray<string> IngestUrls = ["rtmp://relay-a:1935/relay", "rtmp://relay-b:1936/relay"];

    private static RelayContext Relays(params ObservedRelay[] relays) =>
        new([.. relays], ImmutableDictionary<int, string>.Empty, IngestUrls);

    /// <summary>A channel that already publishes every ingest the destinations need.</summary>
    private static ObservedChannel Running(ChannelClass cls, params DestinationSpec[] destinations) =>
        Build.Channel(
            ChannelState.Running,
            cls,
            null,
            [.. RelayIngestOutputs.For(Build.Desired(destinations), IngestUrls, cls == ChannelClass.Standard ? 2 : 1)
                .Select(o => new ObservedOutput(o.GroupName, [.. o.Pipelines.Select(p => new ObservedTarget(p.Url, "fp"))], o.PresetId))]);

    private static ReconcilePlan Plan(ObservedChannel channel, RelayContext relays, DestinationSpec[] destinations, HealthSnapshot? health = null, DateTimeOffset? now = null) =>
        RelayPlanner.Plan(Build.Desired(destinations), channel, relays, health ?? HealthSnapshot.Empty, ReconcilePolicy.Default with { Delivery = DeliveryMode.Relay }, now ?? Build.T0);

    /// <summary>Applies the plan's path actions the way the relay would, for "planning again is a no-op".</summary>
    private static RelayContext Applied(RelayContext relays, ReconcilePlan plan) =>
        relays with { Relays = RelaySimulator.Apply(relays.Relays, new DeliveryPlan([.. plan.OfType<RelayPathAction>()], [])) };

    [Fact]
    public void Plan_ThirdSwitchedOnWhileRunning_AddsOnlyItsPathsAndNoChannelMutation()
    {
        var two = new[] { Build.Dest("yt", backup: true), Build.Dest("tw") };
        var three = two.Append(Build.Dest("rs", changedAt: Build.T0)).ToArray();
        var relays = Applied(Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), Plan(Running(ChannelClass.Standard, two), Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), two));

        var plan = Plan(Running(ChannelClass.Standard, three), relays, three);

        Assert.False(plan.HasMutations);
        var adds = plan.OfType<AddRelayPath>().ToList();
        Assert.Equal(2, adds.Count);
        Assert.All(adds, a => Assert.Equal(RelayNaming.DestinationPath("rs"), a.PathName));
        Assert.Empty(plan.OfType<RetargetRelayPath>());
        Assert.Empty(plan.OfType<RemoveRelayPath>());
        Assert.Equal(ReconcilePolicy.Default.TransitionPollInterval, plan.RequeueAfter);
    }

    [Fact]
    public void Plan_AppliedThenPlannedAgain_NoPathActionsAndEveryoneStreaming()
    {
        var destinations = new[] { Build.Dest("yt", backup: true), Build.Dest("tw") };
        var empty = Relays(new ObservedRelay(0, []), new ObservedRelay(1, []));
        var channel = Running(ChannelClass.Standard, destinations);

        var again = Plan(channel, Applied(empty, Plan(channel, empty, destinations)), destinations);

        Assert.Empty(again.OfType<RelayPathAction>());
        Assert.False(again.HasMutations);
        Assert.All(again.OfType<SetDestinationStatus>(), s => Assert.Equal(DestinationStatus.Streaming, s.Status));
    }

    [Fact]
    public void Plan_OneOfThreeSwitchedOff_RemovesOnlyItsPaths()
    {
        var three = new[] { Build.Dest("yt"), Build.Dest("tw"), Build.Dest("rs") };
        var empty = Relays(new ObservedRelay(0, []), new ObservedRelay(1, []));
        var relays = Applied(empty, Plan(Running(ChannelClass.Standard, three), empty, three));
        var after = new[] { three[0], three[1], Build.Dest("rs", streaming: false, changedAt: Build.T0) };

        var plan = Plan(Running(ChannelClass.Standard, after), relays, after);

        Assert.False(plan.HasMutations);
        var removes = plan.OfType<RelayPathAction>().ToList();
        Assert.Equal(2, removes.Count);
        Assert.All(removes, r => Assert.Equal(RelayNaming.DestinationPath("rs"), Assert.IsType<RemoveRelayPath>(r).PathName));
    }

    [Fact]
    public void Plan_SinglePipelinePrimaryFailingLongEnough_RetargetsItsForwardToTheBackupWithoutARestart()
    {
        var destinations = new[] { Build.Dest("yt", backup: true, failover: true), Build.Dest("tw") };
        var channel = Running(ChannelClass.SinglePipeline, destinations);
        var empty = Relays(new ObservedRelay(0, []));
        var relays = Applied(empty, Plan(channel, empty, destinations));
        var health = Build.HealthOf(("yt", 0, HealthStatus.Failing, Build.T0.AddSeconds(-40)));

        var plan = Plan(channel, relays, destinations, health);

        Assert.False(plan.HasMutations);
        var retarget = Assert.IsType<RetargetRelayPath>(Assert.Single(plan.OfType<RelayPathAction>()));
        Assert.Equal(Build.BackupOf("yt").Url, retarget.Path.Target.Url);
        Assert.Single(plan.OfType<RecordFailover>());

        // The relay's path is now "current target": the next plan neither moves it again nor records another switch.
        var next = Plan(channel, Applied(relays, plan), destinations, health, Build.T0.AddSeconds(1));
        Assert.Empty(next.OfType<RelayPathAction>());
        Assert.Empty(next.OfType<RecordFailover>());
        Assert.Equal(UrlType.Backup, next.OfType<SetDestinationStatus>().Single(s => s.DestinationId == "yt").UrlType);
    }

    [Fact]
    public void Plan_RelayRestartedEmpty_AddsEveryPathBackInOnePlan()
    {
        var destinations = new[] { Build.Dest("yt"), Build.Dest("tw"), Build.Dest("rs") };

        var plan = Plan(Running(ChannelClass.Standard, destinations), Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), destinations);

        Assert.Equal(6, plan.OfType<AddRelayPath>().Count());
        Assert.False(plan.HasMutations);
    }

    [Fact]
    public void Plan_RelayUnreachable_NoActionForItAndEveryWantedDestinationSaysSo()
    {
        var destinations = new[] { Build.Dest("yt"), Build.Dest("tw"), Build.Dest("off", streaming: false) };
        var relays = new RelayContext([new ObservedRelay(0, [])], ImmutableDictionary<int, string>.Empty.Add(1, "no answer (connection refused)"), IngestUrls);

        var plan = Plan(Running(ChannelClass.Standard, destinations), relays, destinations);

        Assert.False(plan.HasMutations);
        Assert.All(plan.OfType<RelayPathAction>(), a => Assert.Equal(0, a.Relay));
        Assert.Contains("relay B unreachable: no answer", plan.OfType<SetDestinationStatus>().Single(s => s.DestinationId == "yt").Reason, StringComparison.Ordinal);
        Assert.Null(plan.OfType<SetDestinationStatus>().Single(s => s.DestinationId == "off").Reason);
    }

    [Fact]
    public void Plan_IdleChannelWithoutIngests_UpdatesTheChannelToTheIngestsThenStarts()
    {
        var destinations = new[] { Build.Dest("yt"), Build.Dest("tw") };

        var plan = Plan(Build.Channel(ChannelState.Idle), Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), destinations);

        var update = Assert.Single(plan.OfType<UpdateOutputs>());
        var ingest = Assert.Single(update.Outputs);
        Assert.Equal(RelayIngestOutputs.GroupName(RelayNaming.DefaultIngest), ingest.GroupName);
        Assert.Equal(IngestUrls, ingest.Pipelines.Select(p => p.Url));
        Assert.True(plan.Actions.IndexOf(update) < plan.Actions.IndexOf(plan.OfType<StartChannel>().Single()));
    }

    [Fact]
    public void Plan_NewPresetWhileRunning_RestartsTheChannelForTheNewIngestOnly()
    {
        var before = new[] { Build.Dest("yt") };
        var after = new[] { Build.Dest("yt"), Build.Dest("tw", changedAt: Build.T0) with { PresetId = "p-720" } };

        var plan = Plan(Running(ChannelClass.Standard, before), Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), after);

        Assert.IsType<StopChannel>(plan.Actions[0]);
        var update = Assert.IsType<UpdateOutputs>(plan.Actions[1]);
        Assert.Equal(2, update.Outputs.Length);
        Assert.IsType<StartChannel>(plan.Actions[2]);
    }

    [Fact]
    public void Plan_DirectModeOutputsStillOnTheChannel_OneRestartOntoTheIngests()
    {
        var destinations = new[] { Build.Dest("yt") };
        var channel = Build.Channel(ChannelState.Running, ChannelClass.Standard, null, Build.StandardOutput(destinations[0]));

        var plan = Plan(channel, Relays(new ObservedRelay(0, []), new ObservedRelay(1, [])), destinations);

        Assert.Single(plan.OfType<StopChannel>());
        Assert.Equal([RelayIngestOutputs.GroupName(RelayNaming.DefaultIngest)], plan.OfType<UpdateOutputs>().Single().Outputs.Select(o => o.GroupName));
    }
}
