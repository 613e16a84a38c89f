using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using DestinationStatus = Lunora.Domain.Planning.DestinationStatus;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, point 6: the lease fences every mutation. Two real worker hosts share dynalite and the emulator; the
/// leader freezes (its DynamoDB stalls, its StopChannel is held at the emulator) past its lease while the standby takes
/// over. Nothing the frozen leader sent may land after that.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class LeaseFencingScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FrozenLeaderMidStop_StandbyTakesOver_FrozenStopNeverLands()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var frozen = new FreezableAwsHttp();
        try
        {
            var firstLog = new GatewayLog();
            await stack.StartWorkerAsync(firstLog, services: services =>
            {
                shortLease(services);
                services.AddSingleton<IAmazonDynamoDB>(frozen.CreateDynamoClient(stack.DynamoServiceUrl));
            });
            await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");
            var secondLog = new GatewayLog();
            var second = await stack.StartWorkerAsync(secondLog, services: shortLease);
            var secondLease = second.Services.GetRequiredService<ILeaderLease>();
            await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(secondLease.RoleKnown), Deadline, "the standby knows its role");
            Assert.False(secondLease.IsHeld);

            // The last destination stops: after the idle grace the leader sends StopChannel, which stalls on the way.
            await stack.HoldAsync(GatewayLog.Stop);
            await stack.SetDesiredAsync("a", "stopped");
            await WorkerUnderTest.EventuallyAsync(async () => (await stack.HeldOutcomesAsync()).Length == 1, Deadline, "the leader's StopChannel is held");

            // The leader's task freezes right there, and the operator changes their mind while it is frozen.
            frozen.Freeze();
            await stack.SetDesiredAsync("a", "streaming");
            await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(secondLease.IsHeld), Deadline, "the standby takes the lease over");

            // What the frozen leader sent now reaches the service, if it is still on its way.
            await stack.ReleaseHoldAsync();
            await WorkerUnderTest.EventuallyAsync(async () => (await stack.HeldOutcomesAsync()).Single() != "held", Deadline, "the held StopChannel has a fate");
            frozen.Thaw();
            await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming" && secondLease.IsHeld, Deadline, "a streaming under the new leader");

            Assert.Equal("abandoned", (await stack.HeldOutcomesAsync()).Single());
            Assert.Equal("RUNNING", await stack.ChannelStateAsync());
            Assert.Equal(0, secondLog.Mutations);
            Assert.Equal(1, firstLog.Count(GatewayLog.Stop));
            Assert.All(firstLog.Calls.Concat(secondLog.Calls), call => Assert.True(call.LeaseHeld, $"{call.Operation} without the lease"));
        }
        finally
        {
            frozen.Thaw();
        }
    }

    /// <summary>
    /// The deposed leader's DynamoDB writes (status, failover memory, session history), sent after the new leader wrote
    /// the same items, are refused by the <c>worker_fencing_token</c> condition: the new leader's status stands. The
    /// writes are made through the deposed host's own writers once it thaws, as requests that were on their way would land.
    /// </summary>
    [Fact]
    public async Task DeposedLeader_WritesAfterTakeover_RefusedAndTheNewLeadersStatusStands()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var shortLease = stack.ShortLease(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
        var frozen = new FreezableAwsHttp();
        try
        {
            var first = await stack.StartWorkerAsync(services: services =>
            {
                shortLease(services);
                services.AddSingleton<IAmazonDynamoDB>(frozen.CreateDynamoClient(stack.DynamoServiceUrl));
            });
            await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");
            var second = await stack.StartWorkerAsync(services: shortLease);
            var secondLease = second.Services.GetRequiredService<ILeaderLease>();
            await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(secondLease.RoleKnown), Deadline, "the standby knows its role");
            var oldToken = first.Services.GetRequiredService<ILeaderLease>().FencingToken;

            // The leader freezes; the UI bumps the record's version, so the new leader writes its status with its token.
            frozen.Freeze();
            await stack.SetDesiredAsync("a", "streaming");
            await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(secondLease.IsHeld), Deadline, "the standby takes the lease over");
            var newToken = secondLease.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WorkerUnderTest.EventuallyAsync(
                async () => (await stack.DestinationAsync("a")).GetValueOrDefault(DestinationAttributes.ObservedVersion)?.N == "2",
                Deadline,
                "the new leader wrote a's status");
            frozen.Thaw();
            using var cancel = new CancellationTokenSource(Deadline);
            var deposed = first.Services;

            await deposed.GetRequiredService<DestinationStatusWriter>().WriteStatusAsync(
                new SetDestinationStatus("a", DestinationStatus.Error, null, "written by the deposed leader", 1),
                cancel.Token);

            Assert.True(oldToken < secondLease.FencingToken, "the new leader's token is the newer one");
            var a = await stack.DestinationAsync("a");
            Assert.Equal(("streaming", "2"), (a["streaming_status"].S, a[DestinationAttributes.ObservedVersion].N));
            Assert.Equal(newToken, a.GetValueOrDefault(DestinationAttributes.WorkerFencingToken)?.N);

            // The new leader's first look at the running channel wrote to the run; a failover and a stop from the deposed
            // leader land neither on the destination nor in the run.
            await WorkerUnderTest.EventuallyAsync(async () => (await RunAsync(stack))?.GetValueOrDefault(DestinationAttributes.WorkerFencingToken)?.N == newToken, Deadline, "the new leader wrote to the run");
            await deposed.GetRequiredService<FailoverRecorder>().RecordFailoverAsync(
                stack.ChannelId,
                new RecordFailover("a", UrlType.Primary, UrlType.Backup, "written by the deposed leader", null, TimeProvider.System.GetUtcNow()),
                cancel.Token);
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => deposed.GetRequiredService<ISessionRecorder>().ChannelStopRequestedAsync(stack.ChannelId, "written by the deposed leader", cancel.Token));

            Assert.False((await stack.DestinationAsync("a")).ContainsKey(DestinationAttributes.RecentFailovers), "no failover recorded by the deposed leader");
            Assert.Empty(await stack.FailoversAsync());
            var run = await RunAsync(stack);
            Assert.NotNull(run);
            Assert.False(run.ContainsKey("stop_reason"), "no stop written into the run by the deposed leader");
        }
        finally
        {
            frozen.Thaw();
        }
    }

    private static async Task<Dictionary<string, AttributeValue>?> RunAsync(LocalStack stack)
    {
        var pointer = (await stack.Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = stack.Tables.WorkerTable,
            Key = new() { [WorkerAttributes.Pk] = new(WorkerAttributes.Run(stack.ChannelId)) },
            ConsistentRead = true,
        })).Item;
        if (pointer?.GetValueOrDefault(WorkerAttributes.SessionId)?.S is not { } sessionId)
        {
            return null;
        }

        var run = (await stack.Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = stack.Tables.SessionsTable,
            Key = new() { [LocalTables.SessionKey] = new(sessionId) },
            ConsistentRead = true,
        })).Item;
        return run is { Count: > 0 } ? run : null;
    }
}
