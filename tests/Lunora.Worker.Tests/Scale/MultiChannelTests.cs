using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Scale;

/// <summary>One worker, two channels: destinations name their channel, and each channel lives its own life.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class MultiChannelTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private const string ChannelA = LocalStack.DefaultChannel;
    private const string ChannelB = "6802366";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // The deployment names both channels; a record naming any other is an error (ChannelScopeScenarioTests).
    private static readonly Dictionary<string, string?> BothChannels = new() { ["LUNORA_CHANNEL_IDS"] = $"{ChannelA},{ChannelB}" };

    [Fact]
    public async Task TwoChannels_StartBothThenStopOne_OtherKeepsRunningUntouched()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a1", "rtmp://127.0.0.1:1935/a1");
        await stack.PutDestinationAsync("b1", "rtmp://127.0.0.1:1935/b1", extra: ChannelView.On(ChannelB));
        await stack.PutDestinationAsync("b2", "rtmp://127.0.0.1:1935/b2", extra: ChannelView.On(ChannelB));

        // Channel B is found in the table at start, not only after a change.
        await stack.StartWorkerAsync(BothChannels);

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a1") == "streaming" && await stack.StatusAsync("b1") == "streaming" && await stack.StatusAsync("b2") == "streaming",
            Deadline,
            "all three streaming");
        Assert.Single(await stack.ManagedGroupsAsync(ChannelA));
        Assert.Equal(2, (await stack.ManagedGroupsAsync(ChannelB)).Length);
        var aSince = (await stack.ChannelAsync(ChannelA)).ToJsonString();

        await stack.SetDesiredAsync("b1", "stopped");
        await stack.SetDesiredAsync("b2", "stopped");

        await ChannelView.PolitelyAsync(async () => await stack.StateOfAsync(ChannelB) == "IDLE", Deadline, "channel B idle after its grace");
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("b1") == "ready" && await stack.StatusAsync("b2") == "ready", Deadline, "b1, b2 ready");
        Assert.Equal("RUNNING", await stack.StateOfAsync(ChannelA));
        Assert.Equal(aSince, (await stack.ChannelAsync(ChannelA)).ToJsonString());
        Assert.Equal("streaming", await stack.StatusAsync("a1"));
    }

    [Fact]
    public async Task TwoChannels_PrimaryFailsOnOne_OnlyItsDestinationReportsBackup()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a1", "rtmp://127.0.0.1:1935/a1", backupUrl: "rtmp://127.0.0.1:1936/a1", failover: true);
        await stack.PutDestinationAsync("b1", "rtmp://127.0.0.1:1935/b1", backupUrl: "rtmp://127.0.0.1:1936/b1", failover: true, extra: ChannelView.On(ChannelB));
        await stack.StartWorkerAsync(BothChannels);
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a1") == "streaming" && await stack.StatusAsync("b1") == "streaming",
            Deadline,
            "both streaming");

        await stack.SetReachableAsync("rtmp://127.0.0.1:1935/b1", reachable: false);

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.AttributeAsync("b1", "current_url_type") == "backup",
            Deadline,
            "b1 reported on its backup");
        Assert.Equal("both", await stack.AttributeAsync("a1", "current_url_type"));
        Assert.Equal("RUNNING", await stack.StateOfAsync(ChannelA));
        Assert.Equal("RUNNING", await stack.StateOfAsync(ChannelB));

        await stack.SetReachableAsync("rtmp://127.0.0.1:1935/b1", reachable: true);
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.AttributeAsync("b1", "current_url_type") == "both",
            Deadline,
            "b1 back on both once its primary recovers");
    }

    [Fact]
    public async Task TwoChannels_ChangesOnBothAtOnce_ReconciledConcurrently()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs, Lunora.Emulator.TransitionProfile.Default);
        await stack.PutDestinationAsync("a1", "rtmp://127.0.0.1:1935/a1", desiredState: "stopped");
        await stack.PutDestinationAsync("b1", "rtmp://127.0.0.1:1935/b1", desiredState: "stopped", extra: ChannelView.On(ChannelB));
        await stack.StartWorkerAsync(new Dictionary<string, string?> { ["LUNORA_MAX_CONCURRENT_RECONCILES"] = "2", ["LUNORA_CHANNEL_IDS"] = $"{ChannelA},{ChannelB}" });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("b1") == "ready", Deadline, "b1 seen");

        await stack.SetDesiredAsync("a1", "streaming");
        await stack.SetDesiredAsync("b1", "streaming");

        // The default profile starts a channel in 5 s: both starting at once means neither waits for the other's start.
        await ChannelView.PolitelyAsync(
            async () => await stack.StateOfAsync(ChannelA) is "STARTING" or "RUNNING" && await stack.StateOfAsync(ChannelB) is "STARTING" or "RUNNING",
            TimeSpan.FromSeconds(4),
            "both channels starting before either start completes");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a1") == "streaming" && await stack.StatusAsync("b1") == "streaming",
            Deadline,
            "both streaming");
    }
}
