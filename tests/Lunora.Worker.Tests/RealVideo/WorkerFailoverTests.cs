using System.Diagnostics;
using System.Globalization;
using Lunora.Worker.State;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// Issue 9's failover test with the real worker deciding: OBS (a prepared 480p file) → ingest → the fixture's
/// SINGLE_PIPELINE channel, encoding for real → one destination's primary receiver; the primary is killed, the worker
/// sees the alert, waits its failover-after, and moves the output to the backup by stop/update/start; the backup then
/// receives. Frames and PSNR/SSIM are counted across the switch and printed (docs/quality.md).
/// </summary>
[Collection(RealVideoCollection.Name)]
public sealed class WorkerFailoverTests(RealVideoFixture video, DynaliteFixture dynalite, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    private const int Frames = 450;
    private const int TailFrames = 60;
    private const string Destination = "platform";
    private static readonly VideoPreset Preset = VideoPreset.P480;

    private static readonly Dictionary<string, string?> FastTimings = new(StringComparer.Ordinal)
    {
        ["LUNORA_FAILOVER_AFTER_SECONDS"] = "2",
        ["LUNORA_HEALTH_POLL_SECONDS"] = "0.5",
        ["LUNORA_TRANSITION_POLL_SECONDS"] = "0.2",
        ["LUNORA_COALESCE_SECONDS"] = "0.2",
        ["LUNORA_RESYNC_SECONDS"] = "5",
        // Far beyond the test: the channel must not be stopped for being idle while the switch is in flight.
        ["LUNORA_IDLE_GRACE_SECONDS"] = "600",
    };

    [RealVideoFact]
    public async Task Failover_PrimaryReceiverDiesOnSinglePipeline_WorkerSwitchesToBackupWhichReceives()
    {
        var source = await video.PrepareSourceAsync(Frames + TailFrames, Preset.Width, Preset.Height);
        var primary = await video.StartReceiverAsync("worker-primary");
        var backup = await video.StartReceiverAsync("worker-backup");
        await using var stack = await LocalStack.StartOnAsync(dynalite, video.Server, RealVideoFixture.SinglePipelineChannelId);
        try
        {
            await RunAsync(stack, source, primary, backup);
        }
        finally
        {
            // A test that failed midway must not leave its channel encoding while the collection's next test measures.
            await StopQuietlyAsync();
        }
    }

    private async Task RunAsync(LocalStack stack, string source, NginxRtmp primary, NginxRtmp backup)
    {
        await stack.PutDestinationAsync(Destination, primary.Url, backupUrl: backup.Url, failover: true);
        var worker = await stack.StartWorkerAsync(FastTimings);

        // The source starts as soon as the channel's encoder listens: left silent for the fixture's input timeout, the
        // encoder restarts and would join the source after its first keyframe.
        await video.WaitForChannelSubscribedAsync(TimeSpan.FromSeconds(30));
        video.ClearIngestRecordings();
        var pusher = video.StartSourceFromFile(source);
        await WorkerUnderTest.EventuallyAsync(async () => await AttributeAsync(stack, DestinationAttributes.StreamingStatus) == "streaming", TimeSpan.FromSeconds(30), "destination streaming via primary");
        Assert.Equal("primary", await AttributeAsync(stack, DestinationAttributes.CurrentUrlType));

        // About 3 s of the 1.5 Mbit/s encode at the primary, then the platform's primary ingest goes away.
        await RealVideoFixture.Poll(() => Task.FromResult(primary.RecordedBytes > 500_000), TimeSpan.FromSeconds(30), "the primary received no video");
        var clock = Stopwatch.StartNew();
        await primary.StopAsync();
        await RealVideoFixture.Poll(async () => (await AlertsAsync()).Any(a => (string?)a!["state"] == "SET"), TimeSpan.FromSeconds(15), "no alert for the dead primary");
        var alerted = clock.Elapsed;

        await WorkerUnderTest.EventuallyAsync(async () => await AttributeAsync(stack, DestinationAttributes.CurrentUrlType) == "backup", TimeSpan.FromSeconds(30), "current_url_type backup");
        var switched = clock.Elapsed;
        await RealVideoFixture.Poll(() => Task.FromResult(backup.RecordedBytes > 0), TimeSpan.FromSeconds(20), "the backup received nothing after the switch");
        var backupReceiving = clock.Elapsed;

        await pusher.WaitForExitAsync();
        await RealVideoFixture.WaitForQuietAsync(backup, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        var dropped = await video.IngestDroppedAsync();
        await WorkerUnderTest.EventuallyAsync(async () => await AttributeAsync(stack, DestinationAttributes.StreamingStatus) == "streaming", TimeSpan.FromSeconds(10), "destination streaming via backup");
        await worker.StopAsync();
        await video.StopChannelAsync(RealVideoFixture.SinglePipelineChannelId);
        await backup.StopAsync();

        var failover = Assert.Single(await stack.FailoversAsync());
        Assert.Equal((Destination, "primary", "backup"), (failover["destination_id"].S, failover["from"].S, failover["to"].S));

        var ingest = (await VideoProbe.VideoTimestampsAsync(video.Ingest.Recordings.Single())).Order().ToList();
        var lastPts = ingest[Frames - 1];
        var sent = ingest.Count(p => p <= lastPts);
        var atPrimary = await TimestampsUpToAsync(primary, lastPts);
        var atBackup = await TimestampsUpToAsync(backup, lastPts);
        Assert.NotEmpty(atPrimary);
        Assert.NotEmpty(atBackup);
        // Source frames matched by a received frame (within half a frame: the encoder may round a timestamp by 1 ms).
        var window = ingest.Take(sent).ToList();
        var received = window.Count(p => atPrimary.Concat(atBackup).Any(r => Math.Abs(r - p) <= 16));
        // The switch's cost: source frames after the primary's last one and before the backup's first.
        var lostInSwitch = window.Count(p => p > atPrimary.Max() + 16 && p < atBackup.Min() - 16);
        var lostBeforeStart = window.Count(p => p < atPrimary.Min() - 16);
        var (primaryPsnr, primarySsim) = await CompareAsync(primary, ingest[0]);
        var (backupPsnr, backupSsim) = await CompareAsync(backup, ingest[0]);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames sent {sent}, at primary {atPrimary.Count}, at backup {atBackup.Count}, received {received}, lost {sent - received} ({lostInSwitch} in the switch = {lostInSwitch / 30.0:F1} s, {lostBeforeStart} before the primary's first)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PSNR/SSIM primary {primaryPsnr:F1} dB / {primarySsim:F4}, backup {backupPsnr:F1} dB / {backupSsim:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"primary killed -> alert SET {alerted.TotalSeconds:F1} s, -> current_url_type backup {switched.TotalSeconds:F1} s, -> backup receiving {backupReceiving.TotalSeconds:F1} s; ingest dropped {dropped}; failover reason: {failover["reason"].S}"));
        Assert.True(backupPsnr > 30 && backupSsim > 0.95, $"the backup's video is not the source's (PSNR {backupPsnr:F1} dB, SSIM {backupSsim:F4})");
    }

    private static async Task<string?> AttributeAsync(LocalStack stack, string attribute) =>
        (await stack.DestinationAsync(Destination)).TryGetValue(attribute, out var value) ? value.S : null;

    private async Task StopQuietlyAsync()
    {
        try
        {
            await video.StopChannelAsync(RealVideoFixture.SinglePipelineChannelId);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException)
        {
            // The test's own failure is the one to report.
        }
    }

    private async Task<System.Text.Json.Nodes.JsonArray> AlertsAsync() =>
        (System.Text.Json.Nodes.JsonArray)(await video.SendAsync(HttpMethod.Get, $"/prod/channels/{RealVideoFixture.SinglePipelineChannelId}/alerts"))!["alerts"]!;

    /// <summary>A receiver's distinct video timestamps within the measured window.</summary>
    private static async Task<HashSet<long>> TimestampsUpToAsync(NginxRtmp receiver, long lastPts)
    {
        var seen = new HashSet<long>();
        foreach (var file in receiver.Recordings)
        {
            seen.UnionWith((await VideoProbe.VideoTimestampsAsync(file)).Where(p => p <= lastPts + 16));
        }

        return seen;
    }

    /// <summary>PSNR/SSIM of a receiver's first recording, frame by frame against the pattern frame of the same source index.</summary>
    private static Task<(double Psnr, double Ssim)> CompareAsync(NginxRtmp receiver, long originPts) =>
        VideoProbe.CompareAlignedAsync(receiver.Recordings[0], Preset.Width, Preset.Height, originPts);
}
