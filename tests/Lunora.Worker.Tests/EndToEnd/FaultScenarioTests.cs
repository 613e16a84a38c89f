using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Scenario 6 of the loop issue: throttling, server errors, a channel stuck in STARTING, a 409 on update, a worker
/// killed mid-restart, two workers at once. The system converges, no intent is lost, no mutation happens without the lease.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class FaultScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThrottleStorm_StartThenAddSecond_ConvergesWithEveryIntent()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.SetRateLimitAsync(enabled: true, ratePerSecond: 2, burst: 2);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming under throttling");
        await stack.SetDesiredAsync("b", "streaming");
        await WorkerUnderTest.EventuallyAsync(async () => await BothStreamingAsync(stack), Deadline, "a and b streaming under throttling");

        Assert.Equal(2, (await stack.ManagedOutputsAsync()).Count);
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        Assert.Equal(1, log.Count(GatewayLog.Stop));
        Assert.True(stack.Calls("DescribeChannel") > 0);
    }

    [Fact]
    public async Task ServerErrors_OnEveryOperation_ConvergesWithEveryIntent()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutFaultsAsync(new { errorRate = 0.3, errorStatuses = new[] { 500, 502, 503, 504 } });
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);

        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming despite 5xx");
        await stack.SetDesiredAsync("a", "stopped");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "ready" && await stack.StatusAsync("b") == "streaming" && (await stack.ManagedOutputsAsync()).Count == 1,
            Deadline,
            "a stopped, b streaming despite 5xx");

        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
    }

    [Fact]
    public async Task StuckInStarting_WorkerWaitsWithoutRetryingThenStreams()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutChannelFaultsAsync(new { stuckInStarting = true });
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.ChannelStateAsync() == "STARTING" && await stack.StatusAsync("a") == "starting",
            Deadline,
            "channel STARTING, a starting");

        // Let the worker look at the stuck channel many times.
        var describes = stack.Calls("DescribeChannel");
        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(stack.Calls("DescribeChannel") >= describes + 10), Deadline, "the worker keeps looking");
        Assert.Equal(1, log.Count(GatewayLog.Start));
        Assert.Equal(0, log.Count(GatewayLog.Stop));
        Assert.Equal("starting", await stack.StatusAsync("a"));

        await stack.PutChannelFaultsAsync(new { stuckInStarting = false });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming once the channel starts");
        Assert.Equal(1, log.Count(GatewayLog.Start));
    }

    [Fact]
    public async Task ConflictOnUpdate_ChannelStartedUnderTheWorker_ReplansAndConverges()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var log = new GatewayLog();
        var forced = 0;
        log.Before = async (operation, _) =>
        {
            // Someone starts the channel by hand between the worker's read and its update: the update meets a 409.
            if (operation == GatewayLog.Update && Interlocked.Exchange(ref forced, 1) == 0)
            {
                await stack.ForceChannelStateAsync("RUNNING");
            }
        };
        await stack.StartWorkerAsync(log);

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && (await stack.ManagedOutputsAsync()).Count == 1,
            Deadline,
            "a streaming after the conflict");

        Assert.Equal(1, forced);
        Assert.True(log.Count(GatewayLog.Update) >= 2, "the refused update was planned again");
        Assert.Equal(1, log.Count(GatewayLog.Stop));
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
    }

    [Fact]
    public async Task KilledBetweenStopAndStart_NewWorkerConvergesWithTheIntent()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var first = new GatewayLog();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.After = async (operation, cancellationToken) =>
        {
            if (operation == GatewayLog.Stop)
            {
                // The process dies here: the stop was sent, the update and start never will be.
                stopped.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var doomed = await stack.StartWorkerAsync(first, services: shortLease);
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");

        await stack.SetDesiredAsync("b", "streaming");
        await stopped.Task.WaitAsync(Deadline);
        await doomed.KillAsync();
        Assert.Equal(1, first.Count(GatewayLog.Stop));
        Assert.Equal(1, first.Count(GatewayLog.Update));
        Assert.Equal(1, first.Count(GatewayLog.Start));

        var second = new GatewayLog();
        await stack.StartWorkerAsync(second, services: shortLease);
        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming after the takeover");

        Assert.Equal(2, (await stack.ManagedOutputsAsync()).Count);
        Assert.Equal(0, second.Count(GatewayLog.Stop));
        Assert.Equal(1, second.Count(GatewayLog.Start));
        Assert.All(second.Calls, call => Assert.True(call.LeaseHeld, $"{call.Operation} without the lease"));
    }

    [Fact]
    public async Task TwoWorkers_OnlyTheLeaseHolderMutates_StandbyTakesOverOnRelease()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var leaderLog = new GatewayLog();
        var leader = await stack.StartWorkerAsync(leaderLog, services: shortLease);
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");
        var standbyLog = new GatewayLog();
        var standby = await stack.StartWorkerAsync(standbyLog, services: shortLease);
        var standbyLease = standby.Services.GetRequiredService<ILeaderLease>();
        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(standbyLease.RoleKnown), Deadline, "the standby knows its role");
        Assert.False(standbyLease.IsHeld);

        await stack.SetDesiredAsync("b", "streaming");
        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming");
        Assert.Equal(0, standbyLog.Mutations);
        Assert.Equal(1, leaderLog.Count(GatewayLog.Stop));

        // The leader goes away gracefully (a deployment): it releases the lease and the standby takes over.
        await leader.StopAsync();
        var leaderMutations = leaderLog.Mutations;
        await stack.SetDesiredAsync("a", "stopped");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "ready" && await stack.StatusAsync("b") == "streaming" && (await stack.ManagedOutputsAsync()).Count == 1,
            Deadline,
            "a removed by the new leader");

        Assert.Equal(leaderMutations, leaderLog.Mutations);
        Assert.Equal(1, standbyLog.Count(GatewayLog.Stop));
        Assert.All(leaderLog.Calls.Concat(standbyLog.Calls), call => Assert.True(call.LeaseHeld, $"{call.Operation} without the lease"));
    }

    private static async Task<bool> BothStreamingAsync(LocalStack stack) =>
        await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "streaming";
}
