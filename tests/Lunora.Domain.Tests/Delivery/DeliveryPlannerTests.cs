using System.Collections.Immutable;
using Lunora.Domain.Delivery;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Delivery;

public class DeliveryPlannerTests
{
    private static readonly DesiredTarget YouTube = new("rtmp://a.rtmp.youtube.com/live2", "/k/yt", "fp-yt", UrlType.Primary);
    private static readonly DesiredTarget YouTubeBackup = new("rtmp://b.rtmp.youtube.com/live2?backup=1", "/k/yt", "fp-yt", UrlType.Backup);
    private static readonly DesiredTarget Twitch = new("rtmp://live.twitch.tv/app", "/k/tw", "fp-tw", UrlType.Primary);

    [Fact]
    public void Paths_StandardOutput_PrimaryOnRelayAAndBackupOnRelayB()
    {
        var paths = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube, YouTubeBackup], null)]);

        Assert.Equal(2, paths.Length);
        Assert.Equal((0, YouTube), (paths[0].Relay, paths[0].Target));
        Assert.Equal((1, YouTubeBackup), (paths[1].Relay, paths[1].Target));
        Assert.All(paths, p => Assert.Equal(RelayNaming.DestinationPath("yt"), p.Name));
        Assert.All(paths, p => Assert.Equal(RelayNaming.DefaultIngest, p.Source));
    }

    [Fact]
    public void Paths_OutputWithPreset_ReadsThatPresetsIngest()
    {
        var path = Assert.Single(RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], "p-720")]));

        Assert.Equal(RelayNaming.IngestPath("p-720"), path.Source);
        Assert.NotEqual(RelayNaming.IngestPath("p-1080"), path.Source);
        Assert.False(RelayNaming.IsManaged(path.Source));
    }

    [Fact]
    public void Plan_ThirdDestinationSwitchedOn_AddsOnlyItsPath()
    {
        var before = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], null), DeliveryGen.Output("tw", [Twitch], null)]);
        var after = RelayLayout.Paths([
            DeliveryGen.Output("yt", [YouTube], null),
            DeliveryGen.Output("tw", [Twitch], null),
            DeliveryGen.Output("rs", [YouTube with { Url = "rtmp://live.restream.io/live" }], null)]);

        var plan = DeliveryPlanner.Plan(after, RelaySimulator.InSync(before, 0));

        var add = Assert.IsType<AddRelayPath>(Assert.Single(plan.Actions));
        Assert.Equal(RelayNaming.DestinationPath("rs"), add.PathName);
    }

    [Fact]
    public void Plan_SinglePipelineFailover_RetargetsOnlyThatPathToTheBackup()
    {
        var before = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], null), DeliveryGen.Output("tw", [Twitch], null)]);
        var after = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTubeBackup], null), DeliveryGen.Output("tw", [Twitch], null)]);

        var plan = DeliveryPlanner.Plan(after, RelaySimulator.InSync(before, 0));

        var retarget = Assert.IsType<RetargetRelayPath>(Assert.Single(plan.Actions));
        Assert.Equal(YouTubeBackup, retarget.Path.Target);
    }

    [Fact]
    public void Plan_RelayRestartedEmpty_AddsEveryPathBackInOnePlan()
    {
        var desired = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube, YouTubeBackup], null), DeliveryGen.Output("tw", [Twitch, Twitch], null)]);
        var observed = RelaySimulator.InSync(desired, 0).Add(new ObservedRelay(1, []));

        var plan = DeliveryPlanner.Plan(desired, observed);

        Assert.All(plan.Actions, a => Assert.IsType<AddRelayPath>(a));
        Assert.Equal(
            new[] { RelayNaming.DestinationPath("tw"), RelayNaming.DestinationPath("yt") }.Order(StringComparer.Ordinal),
            plan.Actions.Select(a => a.PathName));
        Assert.All(plan.Actions, a => Assert.Equal(1, a.Relay));
    }

    [Fact]
    public void Plan_DestinationStopped_RemovesItsPathAndLeavesForeignPaths()
    {
        var before = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], null)]);
        var observed = RelaySimulator.InSync(before, 0);
        observed = [observed[0] with { Paths = observed[0].Paths.Add(new ObservedRelayPath(RelayNaming.DefaultIngest, null, [])).Add(new ObservedRelayPath("operator-test", "x", [])) }];

        var plan = DeliveryPlanner.Plan([], observed);

        var remove = Assert.IsType<RemoveRelayPath>(Assert.Single(plan.Actions));
        Assert.Equal(RelayNaming.DestinationPath("yt"), remove.PathName);
    }

    [Fact]
    public void Plan_PathWithASecondForward_IsRetargetedToExactlyOne()
    {
        var desired = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], null)]);
        var doubled = new ObservedRelayPath(desired[0].Name, desired[0].Source, [new ObservedTarget(YouTube.Url, "fp-yt"), new ObservedTarget(Twitch.Url, "fp-tw")]);

        var plan = DeliveryPlanner.Plan(desired, [new ObservedRelay(0, [doubled])]);

        Assert.IsType<RetargetRelayPath>(Assert.Single(plan.Actions));
    }

    [Fact]
    public void Plan_KeyChangedOnly_Retargets()
    {
        var desired = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube with { KeyFingerprint = "fp-new" }], null)]);

        var plan = DeliveryPlanner.Plan(desired, RelaySimulator.InSync(RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube], null)]), 0));

        Assert.IsType<RetargetRelayPath>(Assert.Single(plan.Actions));
    }

    [Fact]
    public void Plan_RelayUnreachable_ReportsItAndPlansTheOther()
    {
        var desired = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube, YouTubeBackup], null)]);

        var plan = DeliveryPlanner.Plan(desired, [new ObservedRelay(0, [])]);

        Assert.Equal(new[] { 1 }, plan.UnreachableRelays.ToArray());
        Assert.Equal(0, Assert.Single(plan.Actions).Relay);
    }

    [Fact]
    public void Plan_InSync_IsEmpty()
    {
        var desired = RelayLayout.Paths([DeliveryGen.Output("yt", [YouTube, YouTubeBackup], "p-720")]);

        Assert.True(DeliveryPlanner.Plan(desired, RelaySimulator.InSync(desired, 0, 1)).IsEmpty);
        Assert.Empty(DeliveryPlanner.Plan(ImmutableArray<DesiredRelayPath>.Empty, []).UnreachableRelays);
    }
}
