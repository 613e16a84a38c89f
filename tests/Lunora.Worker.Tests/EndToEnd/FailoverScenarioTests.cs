using System.Diagnostics;
using Lunora.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>Scenarios 4 and 5 of the loop issue: health-based failover (SINGLE_PIPELINE) and health reporting (STANDARD).</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class FailoverScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SinglePipeline_PrimaryUnreachable_BackupInUseThenFailbackAfterHold()
    {
        await using var stack = await LocalStack.StartSinglePipelineAsync(dynalite, fauxqs);
        using var ingest = new LoopbackIngest();
        var primary = ingest.Url("live");
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        await stack.PutDestinationAsync("yt", primary, backupUrl: Backup, failover: true);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log, new Dictionary<string, string?> { ["LUNORA_FAILBACK_AFTER_SECONDS"] = "2" });
        await WorkerUnderTest.EventuallyAsync(() => SendsToAsync(stack, "yt", primary, "primary"), Deadline, "yt streaming to its primary");
        var stops = log.Count(GatewayLog.Stop);

        ingest.Stop();
        await stack.SetReachableAsync(primary, reachable: false);
        var broken = Stopwatch.StartNew();
        await WorkerUnderTest.EventuallyAsync(() => SendsToAsync(stack, "yt", Backup, "backup"), Deadline, "yt streaming to its backup");
        output.WriteLine($"primary unreachable -> backup streaming: {broken.Elapsed.TotalSeconds:0.00}s (failover-after 2s)");

        Assert.Equal(1, log.Count(GatewayLog.Stop) - stops);
        var failover = Assert.Single(await stack.FailoversAsync());
        Assert.Equal("yt", failover["destination_id"].S);
        Assert.Equal("primary", failover["from"].S);
        Assert.Equal("backup", failover["to"].S);
        Assert.Contains("Failed RTMP Connection", failover["evidence"].S, StringComparison.Ordinal);

        // The primary still refuses connections: past the hold time, the worker stays on the backup.
        await ConsistentlyAsync(() => SendsToAsync(stack, "yt", Backup, "backup"), TimeSpan.FromSeconds(3), "yt stays on its backup");

        ingest.Start();
        await stack.SetReachableAsync(primary, reachable: true);
        var restored = Stopwatch.StartNew();
        await WorkerUnderTest.EventuallyAsync(() => SendsToAsync(stack, "yt", primary, "primary"), Deadline, "yt back on its primary");
        output.WriteLine($"primary restored -> primary streaming: {restored.Elapsed.TotalSeconds:0.00}s (failback hold 2s)");

        Assert.True(restored.Elapsed >= TimeSpan.FromSeconds(2), $"failback after {restored.Elapsed}, before the 2 s hold");
        Assert.Equal(2, log.Count(GatewayLog.Stop) - stops);
        var failovers = await stack.FailoversAsync();
        Assert.Equal(2, failovers.Count);
        Assert.Equal("backup", failovers[1]["from"].S);
        Assert.Equal("primary", failovers[1]["to"].S);
        Assert.Contains("failback", failovers[1]["reason"].S, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_OnePipelineUnreachable_StatusNamesHealthySideWithoutRestart()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Primary = "rtmp://127.0.0.1:1935/live";
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        await stack.PutDestinationAsync("yt", Primary, backupUrl: Backup);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(async () => await UrlTypeAsync(stack, "yt") == "both", Deadline, "yt streaming on both pipelines");
        var group = Assert.Single(await stack.ManagedOutputsAsync());
        Assert.Equal([Primary, Backup], group.Value);
        var mutations = log.Mutations;
        var stops = stack.Calls("StopChannel");

        await stack.SetReachableAsync(Backup, reachable: false);
        await WorkerUnderTest.EventuallyAsync(async () => await UrlTypeAsync(stack, "yt") == "primary", Deadline, "status says the primary is the healthy side");
        Assert.Contains("backup failing", (await stack.DestinationAsync("yt"))["status_reason"].S, StringComparison.Ordinal);

        // Back to both once the 10 s ActiveOutputs bucket that saw the failure has passed (the alert clears at once).
        await stack.SetReachableAsync(Backup, reachable: true);
        await WorkerUnderTest.EventuallyAsync(async () => await UrlTypeAsync(stack, "yt") == "both", Deadline, "both healthy again");
        Assert.Equal("streaming", await stack.StatusAsync("yt"));
        Assert.Equal(mutations, log.Mutations);
        Assert.Equal(stops, stack.Calls("StopChannel"));
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
    }

    private static async Task<string?> UrlTypeAsync(LocalStack stack, string id)
    {
        var item = await stack.DestinationAsync(id);
        return item.GetValueOrDefault("streaming_status")?.S == "streaming" ? item.GetValueOrDefault("current_url_type")?.S : null;
    }

    private static async Task<bool> SendsToAsync(LocalStack stack, string id, string url, string urlType)
    {
        var outputs = await stack.ManagedOutputsAsync();
        return outputs.Count == 1
            && outputs.Single().Value.SequenceEqual([url])
            && await stack.ChannelStateAsync() == "RUNNING"
            && await UrlTypeAsync(stack, id) == urlType;
    }

    /// <summary>The condition holds throughout <paramref name="period"/> (a negative check; polls, fails at the first miss).</summary>
    private static async Task ConsistentlyAsync(Func<Task<bool>> condition, TimeSpan period, string because)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < period)
        {
            Assert.True(await condition(), $"after {clock.Elapsed.TotalSeconds:0.0}s: {because}");
            await Task.Delay(100);
        }
    }
}
