using System.Globalization;
using Lunora.Domain.Planning;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, health, MediaLive and history: one broken part (health reads, an alert, the channel, the sessions table)
/// degrades what it touches and never stalls, stops or misleads the rest. One scenario per numbered point.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ContainmentScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // Point 2.
    [Fact]
    public async Task HealthUnreadable_DestinationsStopped_ChannelStillStopsAndStatusSaysWhy()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(() => BothAsync(stack, "streaming"), Deadline, "a and b streaming");

        await stack.FailOperationsAsync(500, "ListAlerts", "GetMetricData");
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.AttributeAsync("b", "status_reason"))?.Contains("health unavailable since", StringComparison.Ordinal) == true,
            Deadline,
            "b's status says health is unavailable");
        Assert.Equal("streaming", await stack.StatusAsync("b"));

        await stack.SetDesiredAsync("a", "stopped");
        await stack.SetDesiredAsync("b", "stopped");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.ChannelStateAsync() == "IDLE" && await BothAsync(stack, "ready"),
            Deadline,
            "the channel stopped with health unreadable");
        Assert.Equal(1, log.Count(GatewayLog.Stop));
    }

    // Point 3 (grace): a worker that first sees the channel long after the last destination stopped does not grant a fresh grace.
    [Fact]
    public async Task IdleGrace_LastStopLongAgo_NewWorkerStopsWithoutAFreshGrace()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var hourAgo = TimeProvider.System.GetUtcNow().AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped", extra: new() { ["updated_at"] = new(hourAgo) });
        await stack.ForceChannelStateAsync("RUNNING");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log, new Dictionary<string, string?> { ["LUNORA_IDLE_GRACE_SECONDS"] = "600" });

        await WorkerUnderTest.EventuallyAsync(async () => await stack.ChannelStateAsync() == "IDLE", Deadline, "the forgotten channel stopped");
        Assert.Equal(1, log.Count(GatewayLog.Stop));
    }

    // Point 4: `…/live` must not take the blame for `…/live2`.
    [Fact]
    public async Task Alert_OnLive2_BlamesOnlyTheDestinationSendingThere()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Live = "rtmp://127.0.0.1:1935/live";
        const string Live2 = "rtmp://127.0.0.1:1935/live2";
        // b's output group sorts first on the channel, where a first-substring match looks first.
        await stack.PutDestinationAsync("b", Live);
        await stack.PutDestinationAsync("a", Live2);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(() => BothAsync(stack, "streaming"), Deadline, "a and b streaming");

        // The alert names only the URL, on both pipelines (no backup: both send to it); nothing else says anything is wrong.
        await stack.RaiseAlertAsync(0, $"Unable to connect to RTMP server [{Live2}]; retrying.");
        await stack.RaiseAlertAsync(1, $"Unable to connect to RTMP server [{Live2}]; retrying.");
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.AttributeAsync("a", "status_reason"))?.Contains("failing", StringComparison.Ordinal) == true,
            Deadline,
            "a (live2) failing");

        Assert.Null(await stack.AttributeAsync("b", "status_reason"));
        Assert.Equal("streaming", await stack.StatusAsync("b"));
    }

    // Point 4: two destinations on one ingest URL; an alert naming only the URL is ambiguous, ActiveOutputs per group tells them apart.
    [Fact]
    public async Task SharedIngest_AmbiguousAlertFailsNothing_GroupMetricTellsThemApart()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Ingest = "rtmp://127.0.0.1:1935/live";
        await stack.PutDestinationAsync("a", Ingest);
        await stack.PutDestinationAsync("b", Ingest);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(() => BothAsync(stack, "streaming"), Deadline, "a and b streaming");

        // Both pipelines send to the one ingest (no backup URLs), so both are reported on.
        foreach (var pipeline in new[] { 0, 1 })
        {
            await stack.RaiseAlertAsync(pipeline, $"Unable to connect to RTMP server [{Ingest}]; retrying.");
            await stack.SetActiveOutputsAsync(OutputNaming.GroupName("a"), pipeline, 0);
        }

        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.AttributeAsync("a", "status_reason"))?.Contains("primary failing", StringComparison.Ordinal) == true,
            Deadline,
            "a failing on both pipelines");

        // b's output group sorts first on the channel, where a first-substring match would have put the blame.
        Assert.Null(await stack.AttributeAsync("b", "status_reason"));
        Assert.Equal(0, log.Count(GatewayLog.Stop));
    }

    // Point 5: a vanished channel is shown where the UI looks.
    [Fact]
    public async Task ChannelDeleted_DestinationsShowErrorWithTheReason()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        await stack.StartWorkerAsync(new GatewayLog());
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");

        await stack.RemoveChannelAsync();
        await WorkerUnderTest.EventuallyAsync(async () => await BothAsync(stack, "error"), Deadline, "a and b in error");

        var reason = await stack.AttributeAsync("a", "status_reason");
        Assert.Contains(stack.ChannelId, reason, StringComparison.Ordinal);
        Assert.Contains("not found", reason, StringComparison.OrdinalIgnoreCase);
    }

    // Point 5: a channel state this worker does not know is terminal and said where the UI looks.
    [Fact]
    public async Task UnknownChannelState_DestinationsShowErrorWithTheReason()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.StartWorkerAsync(new GatewayLog());
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");

        await stack.ForceChannelStateAsync("MELTING");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "error", Deadline, "a in error");

        Assert.Contains("Unknown channel state 'MELTING'", await stack.AttributeAsync("a", "status_reason"), StringComparison.Ordinal);
    }

    // Point 5: one destination MediaLive refuses is set to error and left out; the other still goes on the channel.
    [Fact]
    public async Task OneDestinationRejected_OthersStillStream()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Refused = "rtmp://127.0.0.1:1935/refused";
        await stack.RejectUrlAsync(Refused);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", Refused);
        await stack.StartWorkerAsync(new GatewayLog());

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "error",
            Deadline,
            "a streaming, b in error");

        Assert.Contains("rejected", await stack.AttributeAsync("b", "status_reason"), StringComparison.Ordinal);
        Assert.Equal(["rtmp://127.0.0.1:1935/a", "rtmp://127.0.0.1:1935/a"], Assert.Single(await stack.ManagedOutputsAsync()).Value);
    }

    // Point 5: the refusal outlives the worker. A successor that forgot it would plan the refused destination back onto
    // the running channel: a stop and a start for the destination that streams, only to meet the same 422.
    [Fact]
    public async Task OneDestinationRejected_WorkerReplaced_RefusalRememberedAndNoRestart()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Refused = "rtmp://127.0.0.1:1935/refused";
        await stack.RejectUrlAsync(Refused);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", Refused);
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var first = await stack.StartWorkerAsync(new GatewayLog(), services: shortLease);
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "error",
            Deadline,
            "a streaming, b in error");
        await first.StopAsync();

        var log = new GatewayLog();
        await stack.StartWorkerAsync(log, services: shortLease);
        // A new version of a: once the successor has written it, it has planned the channel with b in it.
        await stack.SetDesiredAsync("a", "streaming");
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.DestinationAsync("a")).GetValueOrDefault("observed_version")?.N == "2",
            Deadline,
            "the successor reconciled the channel");

        Assert.Equal(0, log.Mutations);
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        Assert.Equal("error", await stack.StatusAsync("b"));
        Assert.Contains("rejected", await stack.AttributeAsync("b", "status_reason"), StringComparison.Ordinal);
    }

    // Point 7: a failover whose StopChannel fails is still recorded (flap damping and the metric count attempts).
    [Fact]
    public async Task Failover_StopChannelFails_FailoverRecordedBeforeTheAttempt()
    {
        await using var stack = await LocalStack.StartSinglePipelineAsync(dynalite, fauxqs);
        const string Primary = "rtmp://127.0.0.1:1935/live";
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        await stack.PutDestinationAsync("yt", Primary, backupUrl: Backup, failover: true);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("yt") == "streaming", Deadline, "yt streaming");

        await stack.FailOperationsAsync(500, "StopChannel");
        await stack.SetReachableAsync(Primary, reachable: false);
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.DestinationAsync("yt")).GetValueOrDefault("recent_failovers")?.L is { Count: > 0 },
            Deadline,
            "the failover recorded although its stop fails");

        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        Assert.Equal([Primary], Assert.Single(await stack.ManagedOutputsAsync()).Value);
    }

    // Point 8: the sessions table gone does not keep the channel from starting and stopping.
    [Fact]
    public async Task SessionsTableGone_ChannelStillStartsAndStops()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "ready", Deadline, "a ready");

        await stack.Dynamo.DeleteTableAsync(stack.Tables.SessionsTable);
        await stack.SetDesiredAsync("a", "streaming");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming without history");
        await stack.SetDesiredAsync("a", "stopped");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "ready" && await stack.ChannelStateAsync() == "IDLE",
            Deadline,
            "channel stopped without history");
    }

    // Point 8: a worker killed after its StopChannel, restarted once the channel is IDLE, closes the run.
    [Fact]
    public async Task KilledDuringStopping_RestartedWorkerClosesTheRun()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var first = new GatewayLog();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.After = async (operation, cancellationToken) =>
        {
            if (operation == GatewayLog.Stop)
            {
                stopped.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var doomed = await stack.StartWorkerAsync(first, services: shortLease);
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && (await stack.RunsAsync()) is [{ } run] && run.ContainsKey("running_at"),
            Deadline,
            "a streaming in an open run");

        await stack.SetDesiredAsync("a", "stopped");
        await stopped.Task.WaitAsync(Deadline);
        await doomed.KillAsync();
        await WorkerUnderTest.EventuallyAsync(async () => await stack.ChannelStateAsync() == "IDLE", Deadline, "the channel stopped");

        await stack.StartWorkerAsync(new GatewayLog(), services: shortLease);
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.RunsAsync()) is [{ } run] && run.ContainsKey("idle_at"),
            Deadline,
            "the run closed by the restarted worker");
    }

    // Point 8: a channel started by hand gets a run that says so.
    [Fact]
    public async Task HandStartedChannel_GetsARunWithItsReason()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        await stack.StartWorkerAsync(new GatewayLog(), new Dictionary<string, string?> { ["LUNORA_IDLE_GRACE_SECONDS"] = "600" });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "ready", Deadline, "a ready");

        await stack.ForceChannelStateAsync("RUNNING");
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.RunsAsync()) is [{ } run] && run.GetValueOrDefault("start_reason")?.S?.Contains("outside Lunora", StringComparison.Ordinal) == true,
            Deadline,
            "a run for the hand-started channel");
    }

    // Point 4: an alert event stamped an hour ahead of the worker's clock (a skewed publisher) counts from now; unclamped,
    // its failure would start an hour from now and the failover-after would not run out for an hour.
    [Fact]
    public async Task AlertEvent_StampedInTheFuture_ClampedSoTheFailoverStillHappens()
    {
        await using var stack = await LocalStack.StartSinglePipelineAsync(dynalite, fauxqs);
        const string Primary = "rtmp://127.0.0.1:1935/live";
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        await stack.PutDestinationAsync("yt", Primary, backupUrl: Backup, failover: true);
        await stack.StartWorkerAsync();
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("yt") == "streaming", Deadline, "yt streaming to its primary");

        var future = TimeProvider.System.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var arn = $"arn:aws:medialive:us-west-2:111122223333:channel:{stack.ChannelId}";
        using var sqs = fauxqs.CreateClient();
        await sqs.SendMessageAsync(stack.EventsQueueUrl, $$"""
            { "version": "0", "id": "future-1", "detail-type": "MediaLive Channel Alert", "source": "aws.medialive",
              "account": "111122223333", "time": "{{future}}", "region": "us-west-2", "resources": ["{{arn}}"],
              "detail": { "alarm_state": "SET", "alarm_id": "future-alert", "alert_type": "Failed RTMP Connection", "pipeline": "0",
                          "channel_arn": "{{arn}}", "message": "Unable to connect to RTMP server [{{Primary}}]; retrying." } }
            """);

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.AttributeAsync("yt", "current_url_type") == "backup",
            Deadline,
            "yt failed over to its backup on the future-stamped alert");
        var failover = Assert.Single(await stack.FailoversAsync());
        Assert.True(
            DateTimeOffset.Parse(failover["at"].S, CultureInfo.InvariantCulture) < TimeProvider.System.GetUtcNow().AddMinutes(1),
            $"the failover is stamped with the worker's time, not the event's ({failover["at"].S})");
    }

    private static async Task<bool> BothAsync(LocalStack stack, string status) =>
        await stack.StatusAsync("a") == status && await stack.StatusAsync("b") == status;
}
