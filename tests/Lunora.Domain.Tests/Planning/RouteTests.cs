using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using static Lunora.Domain.Tests.Planning.Build;

namespace Lunora.Domain.Tests.Planning;

/// <summary>Rules 6 (one group per RTMP destination) and 7 (pipelines, failover, failback, flap damping).</summary>
public class RouteTests
{
    private const string Restarting = "waiting for the channel to restart with this destination";

    private static readonly ReconcilePolicy Policy = ReconcilePolicy.Default;

    [Fact]
    public void Plan_RtmpDestinations_EachGetTheirOwnStableGroup()
    {
        string[] ids = ["yt", "twitch-main", "a-destination-id-far-longer-than-thirty-two-characters", "x"];
        var destinations = ids.Select(id => Dest(id)).Append(Dest("player", platform: Platform.Hls)).ToArray();

        var outputs = UpdatedOutputs(Plan(Channel(ChannelState.Idle), destinations));
        var again = UpdatedOutputs(Plan(Channel(ChannelState.Idle), [.. destinations.Reverse()]));

        Assert.Equal(ids.Length, outputs.Length);
        Assert.Equal(ids.Order(StringComparer.Ordinal), outputs.Select(o => o.DestinationId).Order(StringComparer.Ordinal));
        Assert.All(outputs, o => Assert.Equal(OutputNaming.GroupName(o.DestinationId), o.GroupName));
        Assert.All(outputs, o => Assert.InRange(o.GroupName.Length, 1, 32));
        Assert.Equal(outputs.Length, outputs.Select(o => o.GroupName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Describe(outputs), Describe(again));
    }

    public static TheoryData<bool, string[]> StandardPipelineCases() => new()
    {
        { true, ["rtmp://a.example/live", "rtmps://a-b.example:443/live"] },
        { false, ["rtmp://a.example/live", "rtmp://a.example/live"] },
    };

    [Theory]
    [MemberData(nameof(StandardPipelineCases))]
    public void Plan_StandardChannel_SendsPipelineZeroToPrimaryAndOneToBackupOrPrimaryAgain(bool backup, string[] urls)
    {
        var output = Assert.Single(UpdatedOutputs(Plan(Channel(ChannelState.Idle), [Dest("a", backup: backup)])));

        Assert.Equal(urls, output.Pipelines.Select(p => p.Url));
        Assert.Equal(backup ? [UrlType.Primary, UrlType.Backup] : [UrlType.Primary, UrlType.Primary], output.Pipelines.Select(p => p.Endpoint));
    }

    public static TheoryData<bool, HealthStatus, HealthStatus, UrlType, string?> StandardHealthCases() => new()
    {
        { true, HealthStatus.Healthy, HealthStatus.Healthy, UrlType.Both, null },
        { true, HealthStatus.Unknown, HealthStatus.Unknown, UrlType.Both, null },
        { true, HealthStatus.Failing, HealthStatus.Healthy, UrlType.Backup, "primary failing for 40s (Failing evidence); backup healthy" },
        { true, HealthStatus.Healthy, HealthStatus.Failing, UrlType.Primary, "backup failing for 40s (Failing evidence); primary healthy" },
        { true, HealthStatus.Failing, HealthStatus.Failing, UrlType.Both, "primary and backup both failing for 40s (Failing evidence)" },
        { false, HealthStatus.Healthy, HealthStatus.Healthy, UrlType.Primary, null },
        { false, HealthStatus.Failing, HealthStatus.Healthy, UrlType.Primary, null },
        { false, HealthStatus.Failing, HealthStatus.Failing, UrlType.Primary, "primary failing on both pipelines for 40s (Failing evidence)" },
    };

    [Theory]
    [MemberData(nameof(StandardHealthCases))]
    public void Plan_StandardChannelHealth_ReportsWhichSideIsHealthyWithoutARestart(
        bool backup, HealthStatus p0, HealthStatus p1, UrlType urlType, string? reason)
    {
        var a = Dest("a", backup: backup, failover: true);
        var health = HealthOf(("a", 0, p0, T0.AddSeconds(-40)), ("a", 1, p1, T0.AddSeconds(-40)));

        var plan = Plan(Channel(ChannelState.Running, outputs: [StandardOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        Assert.Equal(new SetDestinationStatus("a", DestinationStatus.Streaming, urlType, reason, 7), StatusOf(plan, "a"));
    }

    public static TheoryData<string, int, bool, bool, int, string, UrlType, string?> SingleFailoverCases() => new()
    {
        // seconds failing, failover enabled, has backup, recent switches, shape, url type, reason (prefix)
        { "sustained failure", 30, true, true, 0, "failover(Primary->Backup) stop(restart) update start", UrlType.Backup, null },
        { "not yet sustained", 29, true, true, 0, "", UrlType.Primary, "primary failing for 29s" },
        { "failover disabled", 120, false, true, 0, "", UrlType.Primary, null },
        { "no backup", 120, true, false, 0, "", UrlType.Primary, null },
        { "below the flap limit", 120, true, true, 2, "failover(Primary->Backup) stop(restart) update start", UrlType.Backup, null },
        { "flap limit reached", 120, true, true, 3, "", UrlType.Primary, "holding on primary: 3 automatic switches in the last hour (limit 3)" },
    };

    [Theory]
    [MemberData(nameof(SingleFailoverCases))]
    public void Plan_SinglePipelinePrimaryFailing_FailsOverOnlyAfterSustainedFailureAndWithinTheFlapLimit(
        string scenario, int secondsFailing, bool failoverEnabled, bool hasBackup, int recentSwitches, string shape, UrlType urlType, string? reason)
    {
        var a = Dest("a", backup: hasBackup, failover: failoverEnabled) with
        {
            // Spread over the last hour, the latest long enough ago that the current target has settled.
            RecentFailovers = [.. Enumerable.Range(0, recentSwitches).Select(i => T0.AddMinutes(-50 + (i * 10)))],
        };
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddSeconds(-secondsFailing)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.True(shape == Shape(plan), $"{scenario}: got '{Shape(plan)}'");
        var status = StatusOf(plan, "a");
        Assert.Equal(urlType, status.UrlType);
        if (reason is null)
        {
            Assert.Null(status.Reason is { } r && r.StartsWith("primary failing", StringComparison.Ordinal) ? r : null);
        }
        else
        {
            Assert.StartsWith(reason, status.Reason, StringComparison.Ordinal);
        }

        if (shape.Length > 0)
        {
            Assert.Equal([a.Backup!.Url], Assert.Single(UpdatedOutputs(plan)).Pipelines.Select(p => p.Url));
            var failover = Assert.Single(plan.OfType<RecordFailover>());
            Assert.Equal(T0, failover.At);
            Assert.Equal("Failing evidence", failover.Evidence);
        }
    }

    [Fact]
    public void Plan_SinglePipelineFailureNotYetSustained_LooksAgainWhenItWouldBe()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddSeconds(-12)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.Equal(TimeSpan.FromSeconds(18), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_SinglePipelineJustSwitched_WatchesTheNewTargetForAFullFailoverAfter()
    {
        // Switched back to primary 10 s ago by failback; primary failing for 40 s must not bounce straight back.
        var a = Dest("a", backup: true, failover: true) with { RecentFailovers = [T0.AddSeconds(-10)] };
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddSeconds(-40)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        Assert.Equal(TimeSpan.FromSeconds(20), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_IdleAfterAFailoverStop_PendingSwitchPutsTheBackupOnAndStarts()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthSnapshot.Empty.WithPendingSwitch("a", UrlType.Backup);

        var plan = Plan(Channel(ChannelState.Idle, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.Equal("update start", Shape(plan));
        Assert.Equal(a.Backup!.Url, UpdatedOutputs(plan).Single().Pipelines.Single().Url);
        Assert.Empty(plan.OfType<RecordFailover>());
    }

    [Fact]
    public void Plan_HealthUnavailable_StreamingSaysSinceWhenAndNothingFailsOver()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthSnapshot.Unavailable(T0.AddMinutes(-5));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        var status = StatusOf(plan, "a");
        Assert.Equal(DestinationStatus.Streaming, status.Status);
        Assert.Equal("health unavailable since 2025-01-01T11:55:00Z", status.Reason);
    }

    [Fact]
    public void Plan_FailoverWithAPendingChange_CoalescesIntoOneRestart()
    {
        var a = Dest("a", backup: true, failover: true);
        var added = Dest("b", changedAt: T0.AddSeconds(-1));
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddSeconds(-31)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a, added], health);

        Assert.Equal("failover(Primary->Backup) stop(restart) update start", Shape(plan));
        Assert.Equal(
            new[] { ("a", a.Backup!.Url!), ("b", added.Primary!.Url!) }.OrderBy(x => OutputNaming.GroupName(x.Item1), StringComparer.Ordinal),
            UpdatedOutputs(plan).Select(o => (o.DestinationId, o.Pipelines.Single().Url)));
    }

    public static TheoryData<string, double?, int, string, UrlType, string?> FailbackCases() => new()
    {
        // failback-after seconds (null: off), seconds primary healthy, shape, url type, reason
        { "failback off", null, 3600, "", UrlType.Backup, "backup in use after failover" },
        { "primary healthy long enough", 60, 60, "failover(Backup->Primary) stop(restart) update start", UrlType.Primary, Restarting },
        { "primary healthy not long enough", 60, 30, "", UrlType.Backup, "backup in use after failover" },
    };

    [Theory]
    [MemberData(nameof(FailbackCases))]
    public void Plan_SinglePipelineOnBackup_FailsBackOnlyWhenThePolicySaysSo(
        string scenario, double? failbackSeconds, int healthySeconds, string shape, UrlType urlType, string? reason)
    {
        var a = Dest("a", backup: true, failover: true) with { RecentFailovers = [T0.AddMinutes(-30)] };
        var policy = Policy with { FailbackAfter = failbackSeconds is { } s ? TimeSpan.FromSeconds(s) : null };
        var health = HealthSnapshot.Empty.WithEndpoint("a", UrlType.Primary, new PipelineHealth(HealthStatus.Healthy, T0.AddSeconds(-healthySeconds), "probe ok"));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a, onBackup: true)]), [a], health, policy);

        Assert.True(shape == Shape(plan), $"{scenario}: got '{Shape(plan)}'");
        Assert.Equal(urlType, StatusOf(plan, "a").UrlType);
        Assert.Equal(reason, StatusOf(plan, "a").Reason);
        if (failbackSeconds is not null && healthySeconds < failbackSeconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(failbackSeconds.Value - healthySeconds), plan.RequeueAfter);
        }
    }

    public static TheoryData<UrlPreference, bool, bool, string, UrlType, string?> OperatorPreferenceCases() => new()
    {
        // preference, has backup, observed on backup, shape, url type, reason
        { UrlPreference.Backup, true, false, "stop(restart) update start", UrlType.Backup, "backup in use by operator request" },
        { UrlPreference.Backup, false, false, "", UrlType.Primary, "failover requested but no backup URL is configured" },
        { UrlPreference.Primary, true, true, "stop(restart) update start", UrlType.Primary, Restarting },
        { UrlPreference.Auto, true, true, "", UrlType.Backup, "backup in use after failover" },
    };

    [Theory]
    [MemberData(nameof(OperatorPreferenceCases))]
    public void Plan_SinglePipelineOperatorPreference_IsFollowedWithoutRecordingAnAutomaticSwitch(
        UrlPreference preference, bool hasBackup, bool onBackup, string shape, UrlType urlType, string? reason)
    {
        var a = Dest("a", backup: hasBackup, failover: true, preference: preference);

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a, onBackup)]), [a]);

        Assert.Equal(shape, Shape(plan));
        Assert.Equal(urlType, StatusOf(plan, "a").UrlType);
        Assert.Equal(reason, StatusOf(plan, "a").Reason);
    }

    [Fact]
    public void Plan_SinglePipelineIdleWithStaleFailingHealth_StartsOnThePrimary()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-1)));

        var plan = Plan(Channel(ChannelState.Idle, ChannelClass.SinglePipeline), [a], health);

        Assert.Equal("update start", Shape(plan));
        Assert.Equal([a.Primary!.Url], Assert.Single(UpdatedOutputs(plan)).Pipelines.Select(p => p.Url));
    }

    [Fact]
    public void Plan_SinglePipelineFailover_NeverRestartsWhileTheChannelIsInTransition()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-1)));

        var plan = Plan(Channel(ChannelState.Recovering, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        Assert.Empty(plan.OfType<RecordFailover>());
    }

    [Fact]
    public void Plan_SinglePipelineChannel_SendsEachDestinationToOneUrl()
    {
        var outputs = UpdatedOutputs(Plan(Channel(ChannelState.Idle, ChannelClass.SinglePipeline), [Dest("a", backup: true), Dest("b")]));

        Assert.All(outputs, o => Assert.Equal(UrlType.Primary, Assert.Single(o.Pipelines).Endpoint));
        Assert.Equal(["rtmp://a.example/live"], outputs.Single(o => o.DestinationId == "a").Pipelines.Select(p => p.Url).ToArray());
    }

    [Fact]
    public void Plan_SinglePipelineFailingSinceBeforeTheChannelStarted_CountsTheFailureFromTheStart()
    {
        // Regression: failure evidence from before a stop made the start that followed it restart again at once.
        var a = Dest("a", backup: true, failover: true);
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-1)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, since: T0.AddSeconds(-10), outputs: [SingleOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        Assert.Equal(TimeSpan.FromSeconds(20), plan.RequeueAfter);
        Assert.Equal(
            "failover(Primary->Backup) stop(restart) update start",
            Shape(Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, since: T0.AddSeconds(-30), outputs: [SingleOutput(a)]), [a], health)));
    }

    [Fact]
    public void Plan_SinglePipelineBackupSameAsPrimary_NeverRecordsASwitch()
    {
        var a = Dest("a", failover: true) with { Backup = Primary("a") with { KeyParameter = "/other/name/same/key" } };
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-1)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.Empty(plan.OfType<RecordFailover>());
        Assert.Equal(UrlType.Primary, StatusOf(plan, "a").UrlType);
    }

    [Fact]
    public void Plan_SinglePipelineHeldByTheFlapLimit_LooksAgainWhenTheOldestSwitchLeavesTheHour()
    {
        var a = Dest("a", backup: true, failover: true) with { RecentFailovers = [T0.AddMinutes(-50), T0.AddMinutes(-40), T0.AddMinutes(-30)] };
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-2)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health);

        Assert.False(plan.HasMutations);
        Assert.Equal(TimeSpan.FromMinutes(10), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_SinglePipelineFlapLimitZero_HoldsWithoutThrowing()
    {
        var a = Dest("a", backup: true, failover: true);
        var health = HealthOf(("a", 0, HealthStatus.Failing, T0.AddHours(-2)));

        var plan = Plan(Channel(ChannelState.Running, ChannelClass.SinglePipeline, outputs: [SingleOutput(a)]), [a], health, Policy with { MaxFailoversPerHour = 0 });

        Assert.False(plan.HasMutations);
        Assert.StartsWith("holding on primary: 0 automatic switches", StatusOf(plan, "a").Reason, StringComparison.Ordinal);
    }

    private static string[] Describe(ImmutableArray<DesiredOutput> outputs) =>
        [.. outputs.Select(o => $"{o.GroupName} {o.DestinationId} {string.Join(',', o.Pipelines.Select(p => $"{p.Endpoint}:{p.Url}:{p.KeyParameter}:{p.KeyFingerprint}"))}")];
}
