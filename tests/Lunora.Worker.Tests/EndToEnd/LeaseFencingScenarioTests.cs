using Amazon.DynamoDBv2;
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
}
