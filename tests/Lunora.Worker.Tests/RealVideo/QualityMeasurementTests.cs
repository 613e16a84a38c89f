using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// Produces docs/quality.md's table: per preset, frames sent and received and PSNR/SSIM at a receiver; then frames lost
/// when the primary receiver dies (redundant pipelines) and when the channel is reconfigured to the backup (restart).
/// </summary>
[Collection(RealVideoCollection.Name)]
public sealed class QualityMeasurementTests(RealVideoFixture video)
{
    private const int Frames = 600;
    private const int TailFrames = 60;
    private const int SourceWidth = 1920;
    private const int SourceHeight = 1080;
    private const string Group = "lunora-measure00000";

    [MeasureFact]
    [Trait("Category", "Benchmark")]
    public async Task Measure_PresetsAndSwitches_WritesTable()
    {
        var source = await video.PrepareSourceAsync(Frames + TailFrames, SourceWidth, SourceHeight);
        var table = new StringBuilder();
        table.AppendLine("| scenario | frames sent | frames received | frames lost | PSNR (dB) | SSIM | output kbit/s | packets the ingest dropped for the channel |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var preset in new[] { VideoPreset.P1080, VideoPreset.P720, VideoPreset.P480 }.Where(p => Wanted(p.Name)))
        {
            var run = await RunAsync(preset, source, killPrimaryAfterBytes: null, restartToBackup: false);
            var (psnr, ssim) = await VideoProbe.CompareAsync(run.Primary.Recordings[0], preset.Width, preset.Height, SourceWidth, SourceHeight);
            var kbps = new FileInfo(run.Primary.Recordings[0]).Length * 8 / 1000.0 / ((Frames + TailFrames) / 30.0);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {preset.Name} (primary) | {run.Sent} | {run.PrimaryFrames} | {run.Sent - run.PrimaryFrames} | {psnr:F1} | {ssim:F4} | {kbps:F0} | {run.IngestDropped} |");
            table.AppendLine(CultureInfo.InvariantCulture, $"| {preset.Name} (backup) | {run.Sent} | {run.BackupFrames} | {run.Sent - run.BackupFrames} | | | | |");
        }

        if (Wanted("ingest"))
        {
            var (ingestPsnr, ingestSsim) = await VideoProbe.CompareAsync(await video.PrepareSourceAsync(Frames + TailFrames, SourceWidth, SourceHeight), SourceWidth, SourceHeight);
            table.AppendLine(CultureInfo.InvariantCulture, $"| source file pushed to the ingest (1080p, x264 superfast CRF 16) | | | | {ingestPsnr:F1} | {ingestSsim:F4} | | |");
        }

        if (Wanted("redundant"))
        {
            var redundant = await RunAsync(VideoPreset.P720, source, killPrimaryAfterBytes: 2_000_000, restartToBackup: false);
            table.AppendLine(CultureInfo.InvariantCulture, $"| 720p: primary receiver dies, pipeline 1 already on backup | {redundant.Sent} | {redundant.BackupFrames} at backup ({redundant.PrimaryFrames} at primary) | {redundant.Sent - redundant.BackupFrames} | | | | {redundant.IngestDropped} |");
            Assert.True(redundant.BackupFrames > 0, table.ToString());
        }

        if (Wanted("restart"))
        {
            var restart = await RunAsync(VideoPreset.P720, source, killPrimaryAfterBytes: 2_000_000, restartToBackup: true);
            table.AppendLine(CultureInfo.InvariantCulture, $"| 720p: primary dies, channel stopped, updated to backup, started ({restart.SwitchSeconds:F1} s from alert to RUNNING) | {restart.Sent} | {restart.EitherFrames} at primary or backup ({restart.PrimaryFrames} + {restart.BackupFrames}) | {restart.Sent - restart.EitherFrames} | | | | {restart.IngestDropped} |");
            Assert.True(restart.BackupFrames > 0, table.ToString());
        }

        var text = table.ToString();
        if (Environment.GetEnvironmentVariable("LUNORA_MEASURE_OUT") is { Length: > 0 } output)
        {
            await File.WriteAllTextAsync(output, text);
        }

    }

    /// <summary>LUNORA_MEASURE_ONLY=redundant (a substring of scenario names) runs part of the table.</summary>
    private static bool Wanted(string scenario) =>
        Environment.GetEnvironmentVariable("LUNORA_MEASURE_ONLY") is not { Length: > 0 } only || scenario.Contains(only, StringComparison.OrdinalIgnoreCase);

    private async Task<Run> RunAsync(VideoPreset preset, string source, int? killPrimaryAfterBytes, bool restartToBackup)
    {
        var name = $"{preset.Name}-{(killPrimaryAfterBytes is null ? "steady" : restartToBackup ? "restart" : "redundant")}";
        var primary = await video.StartReceiverAsync(name + "-primary");
        var backup = await video.StartReceiverAsync(name + "-backup");
        var toPrimary = restartToBackup ? (primary.Url, "key-b") : (backup.Url, "key-b");
        await video.StartChannelAsync(preset, Group, (primary.Url, "key-a"), toPrimary);
        await video.WaitForChannelSubscribedAsync(TimeSpan.FromSeconds(15));
        video.ClearIngestRecordings();
        var pusher = video.StartSourceFromFile(source);
        var switchSeconds = 0.0;
        if (killPrimaryAfterBytes is { } bytes)
        {
            await RealVideoFixture.Poll(() => Task.FromResult(primary.RecordedBytes > bytes), TimeSpan.FromSeconds(30), "primary got no video");
            await primary.StopAsync();
            await RealVideoFixture.Poll(async () => (await video.AlertsAsync()).Any(a => (string?)a!["state"] == "SET"), TimeSpan.FromSeconds(10), "no alert");
            if (restartToBackup)
            {
                // What a worker can do with the emulator today: stop, point both pipelines at the backup, start.
                var watch = Stopwatch.StartNew();
                await video.StopChannelAsync();
                await video.StartChannelAsync(preset, Group, (backup.Url, "key-a"), (backup.Url, "key-b"));
                switchSeconds = watch.Elapsed.TotalSeconds;
            }
        }

        await pusher.WaitForExitAsync();
        await RealVideoFixture.WaitForQuietAsync(backup, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        var dropped = await video.IngestDroppedAsync();
        await video.StopChannelAsync();
        await primary.StopAsync();
        await backup.StopAsync();

        var ingest = await VideoProbe.VideoTimestampsAsync(video.Ingest.Recordings.Single());
        var lastPts = ingest.Order().ElementAt(Frames - 1);
        var sent = ingest.Count(p => p <= lastPts);
        return new Run(
            primary,
            sent,
            await UniqueFramesAsync(primary, lastPts),
            await UniqueFramesAsync(backup, lastPts),
            await UniqueFramesAsync([primary, backup], lastPts),
            switchSeconds,
            dropped);
    }

    /// <summary>Distinct frame timestamps over all of a receiver's recordings (both pipelines may feed one receiver).</summary>
    private static async Task<int> UniqueFramesAsync(NginxRtmp receiver, long lastPts) => await UniqueFramesAsync([receiver], lastPts);

    /// <summary>Distinct frame timestamps over several receivers: what a platform merging its primary and backup ingest has.</summary>
    private static async Task<int> UniqueFramesAsync(IEnumerable<NginxRtmp> receivers, long lastPts)
    {
        var seen = new HashSet<long>();
        foreach (var file in receivers.SelectMany(r => r.Recordings))
        {
            seen.UnionWith((await VideoProbe.VideoTimestampsAsync(file)).Where(p => p <= lastPts + 16));
        }

        return seen.Count;
    }

    private sealed record Run(NginxRtmp Primary, int Sent, int PrimaryFrames, int BackupFrames, int EitherFrames, double SwitchSeconds, int IngestDropped);
}
