using Lunora.Domain.Desired;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using static Lunora.Domain.Tests.Planning.Build;

namespace Lunora.Domain.Tests.Planning;

/// <summary>Rules 1-5 and 9 of the planner, and the statuses it reports. Rules 6-7 are in RouteTests, rule 8 in DestinationValidatorTests.</summary>
public class PlannerTests
{
    private static readonly TimeSpan Poll = ReconcilePolicy.Default.TransitionPollInterval;

    public static TheoryData<string, DestinationSpec[], ObservedOutput[], string> IdleChannelCases()
    {
        var a = Dest("a");
        var hls = Dest("player", platform: Platform.Hls);
        return new()
        {
            { "one destination, no outputs yet", [a], [], "update start" },
            { "outputs already right", [a], [StandardOutput(a)], "start" },
            { "outputs of a removed destination", [a], [StandardOutput(a), StandardOutput(Dest("gone"))], "update start" },
            { "nothing wants to stream", [Dest("a", streaming: false)], [], "" },
            { "disabled destination", [Dest("a") with { Enabled = false }], [], "" },
            { "no destinations", [], [], "" },
            { "only the HLS player wants to stream", [hls], [], "start" },
            { "HLS player and an RTMP destination", [hls, a], [], "update start" },
            { "outputs right, preset changed", [a with { PresetId = "720p" }], [StandardOutput(a) with { PresetId = "1080p" }], "update start" },
            { "outputs right, preset added", [a with { PresetId = "720p" }], [StandardOutput(a)], "update start" },
            { "outputs right on their preset", [a with { PresetId = "720p" }], [StandardOutput(a) with { PresetId = "720p" }], "start" },
        };
    }

    [Theory]
    [MemberData(nameof(IdleChannelCases))]
    public void Plan_IdleChannel_PutsOutputsRightThenStarts(string scenario, DestinationSpec[] destinations, ObservedOutput[] outputs, string shape)
    {
        var plan = Plan(Channel(ChannelState.Idle, outputs: outputs), destinations);

        Assert.True(shape == Shape(plan), $"{scenario}: expected '{shape}', got '{Shape(plan)}'");
        if (plan.OfType<UpdateOutputs>().Any())
        {
            var expected = destinations.Where(d => d.Platform != Platform.Hls && d.WantsToStream)
                .Select(d => OutputNaming.GroupName(d.Id)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, UpdatedOutputs(plan).Select(o => o.GroupName));
        }
    }

    [Fact]
    public void Plan_IdleChannelStarting_RequeuesAtThePollInterval()
    {
        var plan = Plan(Channel(ChannelState.Idle), [Dest("a")]);

        Assert.Equal(Poll, plan.RequeueAfter);
        Assert.Equal(DestinationStatus.Starting, StatusOf(plan, "a").Status);
        Assert.Equal("starting the channel", StatusOf(plan, "a").Reason);
    }

    public static TheoryData<string, int, string, double?> RunningChangeCases() => new()
    {
        // secondsSinceChange, expected shape, expected requeue in seconds (null: the poll interval)
        { "change settled exactly at the window", 5, "stop(restart) update start", null },
        { "change settled long ago", 600, "stop(restart) update start", null },
        { "change 1 s ago", 1, "", 4 },
        { "change just now", 0, "", 5 },
    };

    [Theory]
    [MemberData(nameof(RunningChangeCases))]
    public void Plan_RunningWithChangedOutputs_RestartsOnlyAfterTheCoalescingWindow(string scenario, int secondsSinceChange, string shape, double? requeueSeconds)
    {
        var a = Dest("a");
        var added = Dest("b", changedAt: T0.AddSeconds(-secondsSinceChange));

        var plan = Plan(Channel(ChannelState.Running, outputs: [StandardOutput(a)]), [a, added]);

        Assert.True(shape == Shape(plan), $"{scenario}: got '{Shape(plan)}'");
        Assert.Equal(requeueSeconds is { } s ? TimeSpan.FromSeconds(s) : Poll, plan.RequeueAfter);
        Assert.Equal(DestinationStatus.Starting, StatusOf(plan, "b").Status);
        // A destination already in place keeps streaming until the restart actually happens.
        Assert.Equal(shape.Length == 0 ? DestinationStatus.Streaming : DestinationStatus.Starting, StatusOf(plan, "a").Status);
    }

    [Fact]
    public void Plan_BurstOfChanges_CostsOneRestartAfterTheLastChange()
    {
        var a = Dest("a");
        var observed = Channel(ChannelState.Running, outputs: [StandardOutput(a)]);
        var burst = new[]
        {
            a with { Primary = a.Primary! with { Url = "rtmp://a.example/other" }, ChangedAt = T0 },
            Dest("b", changedAt: T0.AddSeconds(2)),
            Dest("c", changedAt: T0.AddSeconds(4)),
        };

        var shapes = Enumerable.Range(0, 10)
            .Select(s => Shape(Plan(observed, burst, now: T0.AddSeconds(s))))
            .ToArray();

        Assert.Equal(["", "", "", "", "", "", "", "", "", "stop(restart) update start"], shapes);
        Assert.Equal(TimeSpan.FromSeconds(1), Plan(observed, burst, now: T0.AddSeconds(8)).RequeueAfter);
        var restart = Plan(observed, burst, now: T0.AddSeconds(9));
        Assert.Equal(3, UpdatedOutputs(restart).Length);
    }

    [Fact]
    public void Plan_RunningWithOutputsInPlace_PlansNoMutation()
    {
        var a = Dest("a", backup: true);

        var plan = Plan(Channel(ChannelState.Running, outputs: [StandardOutput(a)]), [a]);

        Assert.False(plan.HasMutations);
        Assert.Null(plan.RequeueAfter);
        Assert.Equal(new SetDestinationStatus("a", DestinationStatus.Streaming, UrlType.Both, null, 7), StatusOf(plan, "a"));
    }

    public static TheoryData<string, int, bool, double?> IdleGraceCases() => new()
    {
        // seconds since the last destination stopped wanting, stop expected, requeue seconds when not stopping
        { "just stopped", 0, false, 60 },
        { "within the grace", 30, false, 30 },
        { "one second short", 59, false, 1 },
        { "grace over", 60, true, null },
        { "long over", 3600, true, null },
    };

    [Theory]
    [MemberData(nameof(IdleGraceCases))]
    public void Plan_RunningWithNothingWanted_StopsOnlyAfterTheIdleGrace(string scenario, int secondsIdle, bool stops, double? requeueSeconds)
    {
        var a = Dest("a", streaming: false, changedAt: T0.AddSeconds(-secondsIdle));

        var plan = Plan(Channel(ChannelState.Running, since: T0.AddHours(-1), outputs: [StandardOutput(a)]), [a]);

        Assert.True(stops == (Shape(plan) == "stop"), $"{scenario}: got '{Shape(plan)}'");
        Assert.Equal(requeueSeconds is { } s ? TimeSpan.FromSeconds(s) : Poll, plan.RequeueAfter);
        Assert.Equal(DestinationStatus.Stopping, StatusOf(plan, "a").Status);
    }

    [Fact]
    public void Plan_DestinationTurnedOnWithinTheGrace_CancelsTheStop()
    {
        var a = Dest("a", changedAt: T0.AddSeconds(-30));
        var observed = Channel(ChannelState.Running, outputs: [StandardOutput(a)]);

        var off = Plan(observed, [a with { DesiredState = DesiredState.Stopped }], now: T0.AddSeconds(20));
        var onAgain = Plan(observed, [a with { ChangedAt = T0.AddSeconds(25) }], now: T0.AddSeconds(40));

        Assert.Empty(Shape(off));
        Assert.False(onAgain.HasMutations);
        Assert.Equal(DestinationStatus.Streaming, StatusOf(onAgain, "a").Status);
    }

    [Fact]
    public void Plan_RunningChannelJustObserved_GraceCountsFromTheLastStopNotFromFirstSight()
    {
        // The destination stopped wanting long ago; this worker only saw the channel running 10 s ago (it restarted,
        // or the channel was started by hand). Counting from first sight would grant a fresh grace on every restart.
        var a = Dest("a", streaming: false, changedAt: T0.AddHours(-2));

        var plan = Plan(Channel(ChannelState.Running, since: T0.AddSeconds(-10)), [a]);

        Assert.Single(plan.OfType<StopChannel>());
    }

    [Fact]
    public void Plan_LastDestinationStoppedRecently_WaitsOutTheGraceFromThatStop()
    {
        var a = Dest("a", streaming: false, changedAt: T0.AddSeconds(-20));

        var plan = Plan(Channel(ChannelState.Running, since: T0.AddHours(-1)), [a]);

        Assert.Empty(plan.OfType<StopChannel>());
        Assert.Equal(TimeSpan.FromSeconds(40), plan.RequeueAfter);
    }

    [Fact]
    public void Plan_RunningWithNoDestinations_StopsAfterTheGraceAndSaysWhy()
    {
        var plan = Plan(Channel(ChannelState.Running, since: T0.AddMinutes(-2)), []);

        var stop = Assert.Single(plan.OfType<StopChannel>());
        Assert.False(stop.Restart);
        Assert.Contains("no destinations", stop.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<ChannelState> TransitionStates() =>
    [
        ChannelState.Starting, ChannelState.Stopping, ChannelState.Updating,
        ChannelState.Creating, ChannelState.Deleting, ChannelState.Recovering,
    ];

    [Theory]
    [MemberData(nameof(TransitionStates))]
    public void Plan_ChannelInTransition_WaitsAndLooksAgainSoon(ChannelState state)
    {
        var wanted = Dest("a", changedAt: T0.AddHours(-1));
        var stale = Dest("b", streaming: false);

        var plan = Plan(Channel(state, outputs: [StandardOutput(stale)]), [wanted, stale]);

        Assert.False(plan.HasMutations);
        Assert.Empty(Shape(plan));
        Assert.Equal(Poll, plan.RequeueAfter);
        Assert.Equal(DestinationStatus.Starting, StatusOf(plan, "a").Status);
        Assert.Equal($"channel is {Planner.StateName(state)}", StatusOf(plan, "a").Reason);
    }

    public static TheoryData<ChannelState, string> TerminalStates() => new()
    {
        { ChannelState.CreateFailed, "CREATE_FAILED" },
        { ChannelState.UpdateFailed, "UPDATE_FAILED" },
        { ChannelState.Deleted, "DELETED" },
    };

    [Theory]
    [MemberData(nameof(TerminalStates))]
    public void Plan_TerminalChannelState_ReportsTheReasonAndTouchesNothing(ChannelState state, string name)
    {
        var wanted = Dest("a");
        var idle = Dest("b", streaming: false);
        var broken = Dest("c") with { Primary = null };

        var plan = Plan(Channel(state), [wanted, idle, broken]);

        Assert.False(plan.HasMutations);
        Assert.Empty(Shape(plan));
        Assert.Null(plan.RequeueAfter);
        Assert.Equal(DestinationStatus.Error, StatusOf(plan, "a").Status);
        Assert.Contains(name, StatusOf(plan, "a").Reason, StringComparison.Ordinal);
        Assert.Equal(DestinationStatus.Ready, StatusOf(plan, "b").Status);
        Assert.Equal("rtmp_url is missing", StatusOf(plan, "c").Reason);
    }

    [Fact]
    public void Plan_UpdateOutputs_CarriesTheObservedUnmanagedFingerprintAndOnlyManagedGroups()
    {
        var a = Dest("a");
        var observed = Channel(ChannelState.Idle, outputs: [StandardOutput(Dest("old"))]) with { UnmanagedFingerprint = "hls-and-archive-v3" };

        var update = Assert.Single(Plan(observed, [a]).OfType<UpdateOutputs>());

        Assert.Equal("hls-and-archive-v3", update.ExpectedUnmanagedFingerprint);
        Assert.All(update.Outputs, o => Assert.True(OutputNaming.IsManaged(o.GroupName)));
        Assert.Equal([OutputNaming.GroupName("a")], update.Outputs.Select(o => o.GroupName));
    }

    public static TheoryData<string, ChannelState, DestinationSpec, ObservedOutput[], DestinationStatus, string?> StatusCases()
    {
        var a = Dest("a", backup: true);
        return new()
        {
            { "running and in place", ChannelState.Running, a, [StandardOutput(a)], DestinationStatus.Streaming, null },
            { "recovering and in place", ChannelState.Recovering, a, [StandardOutput(a)], DestinationStatus.Streaming, null },
            { "running, not yet added", ChannelState.Running, a with { ChangedAt = T0 }, [], DestinationStatus.Starting, "waiting for the channel to restart with this destination" },
            { "idle, about to start", ChannelState.Idle, a, [], DestinationStatus.Starting, "starting the channel" },
            { "channel starting", ChannelState.Starting, a, [StandardOutput(a)], DestinationStatus.Starting, "channel is STARTING" },
            { "channel stopping", ChannelState.Stopping, a, [StandardOutput(a)], DestinationStatus.Starting, "channel is STOPPING" },
            { "turned off, output still sending", ChannelState.Running, a with { DesiredState = DesiredState.Stopped, ChangedAt = T0 }, [StandardOutput(a)], DestinationStatus.Stopping, null },
            { "turned off, channel idle", ChannelState.Idle, a with { DesiredState = DesiredState.Stopped }, [StandardOutput(a)], DestinationStatus.Ready, null },
            { "disabled", ChannelState.Idle, a with { Enabled = false }, [], DestinationStatus.Ready, "disabled" },
            { "invalid", ChannelState.Running, a with { Primary = a.Primary! with { Url = "http://a.example/live" } }, [], DestinationStatus.Error, "rtmp_url must use rtmp:// or rtmps://, not http://" },
        };
    }

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Plan_EachSituation_ReportsTheStatusTheUiShows(
        string scenario, ChannelState state, DestinationSpec d, ObservedOutput[] outputs, DestinationStatus status, string? reason)
    {
        var s = StatusOf(Plan(Channel(state, outputs: outputs), [d]), d.Id);

        Assert.True(status == s.Status, $"{scenario}: got {s.Status}");
        Assert.Equal(reason, s.Reason);
        Assert.Equal(d.DesiredVersion, s.ObservedVersion);
    }

    [Fact]
    public void Plan_HlsPlayerOnRunningChannel_StreamsWithoutAnOutputAndKeepsTheChannelRunning()
    {
        var hls = Dest("player", platform: Platform.Hls, changedAt: T0.AddHours(-1));

        var plan = Plan(Channel(ChannelState.Running, since: T0.AddHours(-1)), [hls]);

        Assert.False(plan.HasMutations);
        Assert.Equal(DestinationStatus.Streaming, StatusOf(plan, "player").Status);
        Assert.Null(StatusOf(plan, "player").UrlType);
    }

    [Fact]
    public void Plan_RunningWithNothingWantedAndNoKnownIdleSince_StopsRatherThanRunningForEver()
    {
        // Regression: with no ChangedAt and no StateSince the grace restarted on every plan and the channel never stopped.
        var a = Dest("a", streaming: false) with { ChangedAt = null };

        var plan = Plan(Channel(ChannelState.Running) with { StateSince = null }, [a]);

        Assert.Equal("stop", Shape(plan));
    }

    public static TheoryData<string, double, string, double?> FutureChangeCases() => new()
    {
        // seconds ahead of now the ChangedAt is stamped, expected shape, requeue seconds (null: the poll interval)
        { "small clock skew is trusted", 10, "", 70 },
        { "a day ahead is not trusted", 86400, "stop", null },
    };

    [Theory]
    [MemberData(nameof(FutureChangeCases))]
    public void Plan_RunningWithNothingWantedAndAChangeFromTheFuture_NeverHoldsTheChannelBeyondGracePlusSkew(
        string scenario, double secondsAhead, string shape, double? requeueSeconds)
    {
        // Regression: a ChangedAt from a clock a day ahead kept a channel nobody wanted running for that day.
        var a = Dest("a", streaming: false, changedAt: T0.AddSeconds(secondsAhead));

        var plan = Plan(Channel(ChannelState.Running, since: T0.AddHours(-1)), [a]);

        Assert.True(shape == Shape(plan), scenario);
        Assert.Equal(requeueSeconds is { } s ? TimeSpan.FromSeconds(s) : Poll, plan.RequeueAfter);
    }

    [Fact]
    public void Plan_RunningWithDriftedOutputsAndNoKnownChange_RestartsInsteadOfWaitingForEver()
    {
        // Regression: with no ChangedAt the coalescing window was measured from now on every plan, so it never ended.
        var a = Dest("a") with { ChangedAt = null };
        var drifted = new ObservedOutput(OutputNaming.GroupName("a"), [new("rtmp://a.example/live", "old-key"), Target(a.Primary!)]);

        var plan = Plan(Channel(ChannelState.Running, outputs: [drifted]), [a]);

        Assert.Equal("stop(restart) update start", Shape(plan));
    }

    [Fact]
    public void Plan_RunningWithAChangeFarInTheFuture_RestartsWithoutWaitingForIt()
    {
        var a = Dest("a");
        var added = Dest("b", changedAt: T0.AddHours(1));

        Assert.Equal("stop(restart) update start", Shape(Plan(Channel(ChannelState.Running, outputs: [StandardOutput(a)]), [a, added])));
    }
}
