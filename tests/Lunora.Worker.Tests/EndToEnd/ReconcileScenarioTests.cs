using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>The end-to-end scenarios: the real worker host against the emulator, dynalite and fauxqs.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ReconcileScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartOneDestination_IdleChannel_OutputsWrittenChannelRunningStatusStreaming()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("yt", "rtmp://127.0.0.1:1935/live2");

        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("yt") == "streaming", Deadline, "yt streaming");
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        var outputs = await stack.ManagedOutputsAsync();
        var group = Assert.Single(outputs);
        Assert.All(group.Value, url => Assert.Equal("rtmp://127.0.0.1:1935/live2", url));
        Assert.Equal("mediapackage", (string)(await stack.ChannelAsync())["encoderSettings"]!["outputGroups"]![0]!["name"]!);
    }

    [Fact]
    public async Task StartSecond_WhileStreaming_OneRestartEvenForABurstOfClicks()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        await stack.StartWorkerAsync(new Dictionary<string, string?> { ["LUNORA_COALESCE_SECONDS"] = "2" });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");
        var stops = stack.Calls("StopChannel");
        var starts = stack.Calls("StartChannel");

        // Five rapid clicks on b, ending on "streaming".
        foreach (var state in new[] { "streaming", "stopped", "streaming", "stopped", "streaming" })
        {
            await stack.SetDesiredAsync("b", state);
        }

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("b") == "streaming" && await stack.StatusAsync("a") == "streaming",
            Deadline,
            "a and b streaming");
        Assert.Equal(2, (await stack.ManagedOutputsAsync()).Count);
        Assert.Equal(1, stack.Calls("StopChannel") - stops);
        Assert.Equal(1, stack.Calls("StartChannel") - starts);
    }

    [Fact]
    public async Task StopOneOfTwo_ThenLast_OneRestartThenIdleAfterGrace()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        await stack.StartWorkerAsync();
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "streaming",
            Deadline,
            "both streaming");
        var stops = stack.Calls("StopChannel");

        await stack.SetDesiredAsync("a", "stopped");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "ready" && (await stack.ManagedOutputsAsync()).Count == 1 && await stack.ChannelStateAsync() == "RUNNING",
            Deadline,
            "a removed, channel running again");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("b") == "streaming", Deadline, "b streaming after the restart");
        Assert.Equal(1, stack.Calls("StopChannel") - stops);

        await stack.SetDesiredAsync("b", "stopped");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.ChannelStateAsync() == "IDLE", Deadline, "channel idle after the grace");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("b") == "ready", Deadline, "b ready");
    }

    [Fact]
    public async Task MalformedDestination_AmongGoodOnes_OnlyItIsError()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("good", "rtmp://127.0.0.1:1935/good");
        await stack.PutDestinationAsync("bad", "rtmp://127.0.0.1:1935/has space");
        await stack.PutDestinationAsync("ftp", "ftp://127.0.0.1/live");

        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("good") == "streaming", Deadline, "good streaming");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("bad") == "error" && await stack.StatusAsync("ftp") == "error", Deadline, "bad ones error");
        Assert.Contains("whitespace", (await stack.DestinationAsync("bad"))["status_reason"].S, StringComparison.Ordinal);
        Assert.Contains("rtmp://", (await stack.DestinationAsync("ftp"))["status_reason"].S, StringComparison.Ordinal);
        Assert.Single(await stack.ManagedOutputsAsync());
    }
}
