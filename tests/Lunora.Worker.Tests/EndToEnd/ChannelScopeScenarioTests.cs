using Lunora.Worker.Tests.Infrastructure;
using Lunora.Worker.Tests.Scale;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, point 10: unknown channels cannot starve the real one. Only the channels the deployment names
/// (LUNORA_CHANNEL_IDS, defaulting to MEDIALIVE_CHANNEL_ID) are reconciled; a record naming another gets error with
/// the reason, and that channel is never touched.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ChannelScopeScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private const string OtherChannel = "6802366";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecordsNamingUnmanagedChannels_OnlyTheyAreErrorAndTheirChannelsUntouched()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("real", "rtmp://127.0.0.1:1935/real");
        await stack.PutDestinationAsync("elsewhere", "rtmp://127.0.0.1:1935/elsewhere", extra: ChannelView.On(OtherChannel));
        await stack.PutDestinationAsync("nowhere", "rtmp://127.0.0.1:1935/nowhere", extra: ChannelView.On("404404"));

        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("real") == "streaming", Deadline, "the real channel's destination streaming");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("elsewhere") == "error" && await stack.StatusAsync("nowhere") == "error",
            Deadline,
            "records naming other channels are errors");
        Assert.Contains(
            $"channel_id {OtherChannel} is not a channel this deployment manages (LUNORA_CHANNEL_IDS: {LocalStack.DefaultChannel})",
            (await stack.DestinationAsync("elsewhere"))["status_reason"].S,
            StringComparison.Ordinal);
        Assert.Equal("IDLE", await stack.StateOfAsync(OtherChannel));
        Assert.Single(await stack.ManagedOutputsAsync());
    }
}
