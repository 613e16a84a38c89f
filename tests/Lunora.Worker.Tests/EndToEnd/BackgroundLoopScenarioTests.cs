using Amazon.DynamoDBv2;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, point 12: background loops survive the unexpected. The lease and intent-watcher loops meet an exception
/// none of their catch lists names; the host keeps running and both loops go on.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class BackgroundLoopScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnexpectedExceptionInLeaseAndWatcherLoops_HostKeepsRunningAndConverges()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        var http = new FreezableAwsHttp();
        // The lease's first take and the watcher's first poll (its keys-and-versions Scan) each throw what no AWS
        // client is documented to throw.
        http.FailOnce(request => request.Contains("UpdateItem", StringComparison.Ordinal) && request.Contains("lease#", StringComparison.Ordinal)
            ? new InvalidOperationException("unexpected failure in the lease loop")
            : null);
        http.FailOnce(request => request.Contains(".Scan", StringComparison.Ordinal) && request.Contains("#dv", StringComparison.Ordinal)
            ? new InvalidOperationException("unexpected failure in the watcher loop")
            : null);
        var worker = await stack.StartWorkerAsync(services: services => services.AddSingleton<IAmazonDynamoDB>(http.CreateDynamoClient(stack.DynamoServiceUrl)));
        var lifetime = worker.Services.GetRequiredService<IHostApplicationLifetime>();
        var lease = worker.Services.GetRequiredService<ILeaderLease>();

        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(http.Failed == 2 || lifetime.ApplicationStopping.IsCancellationRequested), Deadline, "both failures met");
        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(lease.IsHeld || lifetime.ApplicationStopping.IsCancellationRequested), Deadline, "the lease taken after the failure");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host stopped");

        await stack.SetDesiredAsync("a", "streaming");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host stopped");
    }
}
