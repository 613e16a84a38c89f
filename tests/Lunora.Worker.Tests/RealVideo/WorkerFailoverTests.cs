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
        await using var stack = await WorkerFailoverStack.StartAsync(dynalite, video, RealVideoFixture.SinglePipelineChannelId);
        await stack.PutDestinationAsync(Destination, primary.Url, backup.Url, failover: true);
        var worker = await stack.StartWorkerAsync(FastTimings);

        await WorkerUnderTest.EventuallyAsync(async () => await stack.AttributeAsync(Destination, DestinationAttributes.StreamingStatus) == "streaming", TimeSpan.FromSeconds(30), "destination streaming");
        await video.WaitForChannelSubscribedAsync(TimeSpan.FromSeconds(15));
        video.ClearIngestRecordings();
        var pusher = video.StartSourceFromFile(source);

        // About 3 s of the 1.5 Mbit/s encode at the primary, then the platform's primary ingest goes away.
        await RealVideoFixture.Poll(() => Task.FromResult(primary.RecordedBytes > 500_000), TimeSpan.FromSeconds(30), "the primary received no video");
        var clock = Stopwatch.StartNew();
        await primary.StopAsync();

        await WorkerUnderTest.EventuallyAsync(async () => await stack.AttributeAsync(Destination, DestinationAttributes.CurrentUrlType) == "backup", TimeSpan.FromSeconds(30), "current_url_type backup");
        var switched = clock.Elapsed;
        await RealVideoFixture.Poll(() => Task.FromResult(backup.RecordedBytes > 0), TimeSpan.FromSeconds(20), "the backup received nothing after the switch");
        var backupReceiving = clock.Elapsed;

        await pusher.WaitForExitAsync();
        await RealVideoFixture.WaitForQuietAsync(backup, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        var dropped = await video.IngestDroppedAsync();
        await worker.StopAsync();
        await video.StopChannelAsync(RealVideoFixture.SinglePipelineChannelId);
        await backup.StopAsync();

        var failover = Assert.Single(await stack.RecordedFailoversAsync());
        Assert.Equal((Destination, "primary", "backup"), (failover.Destination, failover.From, failover.To));

        var ingest = await VideoProbe.VideoTimestampsAsync(video.Ingest.Recordings.Single());
        var lastPts = ingest.Order().ElementAt(Frames - 1);
        var sent = ingest.Count(p => p <= lastPts);
        var atPrimary = await VideoProbe.CountFramesUpToAsync(primary.Recordings, lastPts);
        var atBackup = await VideoProbe.CountFramesUpToAsync(backup.Recordings, lastPts);
        foreach (var file in primary.Recordings.Concat(backup.Recordings).Append(video.Ingest.Recordings.Single()))
        {
            var pts = await VideoProbe.VideoTimestampsAsync(file);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))}/{Path.GetFileName(file)}: {pts.Count} frames, pts {pts.DefaultIfEmpty().Min()}..{pts.DefaultIfEmpty().Max()}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {sent}, primary {atPrimary}, backup {atBackup}, lost {sent - atPrimary - atBackup}; current_url_type backup after {switched.TotalSeconds:F1} s, backup receiving after {backupReceiving.TotalSeconds:F1} s; ingest dropped {dropped}; failover reason: {failover.Reason}"));
        Assert.True(atBackup > 0, "the backup received no frame of the measured window");
    }
}
