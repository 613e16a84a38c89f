using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// OBS (ffmpeg test source) → nginx ingest → emulator channel encoding for real → two nginx receivers as one
/// destination's primary (pipeline 0) and backup (pipeline 1), plus an HLS group to a local folder; the primary goes
/// away mid-stream and comes back.
/// </summary>
[Collection(RealVideoCollection.Name)]
public sealed class RealVideoEndToEndTests(RealVideoFixture video)
{
    private const int Frames = 300;
    private const int TailFrames = 60;
    private const string Group = "lunora-realvideo0000";
    private const string PrimaryKey = "primary-SECRET-key-1";
    private const string BackupKey = "backup-SECRET-key-2";

    [RealVideoFact]
    public async Task Channel_PrimaryReceiverStopsMidStream_AlertAndZeroActiveOutputsWhileBackupGetsEveryFrame()
    {
        var total = Stopwatch.StartNew();
        var primary = await video.StartReceiverAsync("primary");
        var backup = await video.StartReceiverAsync("backup");
        await video.StartChannelAsync(VideoPreset.P720, Group, (primary.Url, PrimaryKey), (backup.Url, BackupKey), withHls: true);
        await video.WaitForChannelSubscribedAsync(TimeSpan.FromSeconds(15));
        video.ClearIngestRecordings();
        var source = video.StartSource(Frames + TailFrames);

        // Both pipelines deliver, then the primary ingest disappears.
        await RealVideoFixture.Poll(() => Task.FromResult(primary.RecordedBytes > 1_000_000 && backup.RecordedBytes > 1_000_000), TimeSpan.FromSeconds(15), "receivers got no video");
        AssertNoProcessArgumentHolds(PrimaryKey, BackupKey);
        await primary.StopAsync();

        await RealVideoFixture.Poll(async () => (await video.AlertsAsync()).Any(a => IsSet(a, "PIPELINE_0")), TimeSpan.FromSeconds(10), "no Failed RTMP Connection alert for pipeline 0");
        var alerts = await video.AlertsAsync();
        Assert.DoesNotContain(alerts, a => IsSet(a, "PIPELINE_1"));
        Assert.DoesNotContain(PrimaryKey, alerts.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, (await video.ActiveOutputsAsync(Group, 0)).Min);
        Assert.Equal((1, 1), await video.ActiveOutputsAsync(Group, 1));

        // The receiver comes back: the output reconnects on its retry interval and the alert clears.
        await primary.RestartAsync();
        await RealVideoFixture.Poll(async () => (await video.AlertsAsync()).All(a => (string?)a!["state"] == "CLEARED"), TimeSpan.FromSeconds(10), "the alert never cleared");

        await source.WaitForExitAsync();
        Assert.Equal(0, source.ExitCode);
        await RealVideoFixture.WaitForQuietAsync(backup, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        await video.StopChannelAsync();
        await primary.StopAsync();
        await backup.StopAsync();

        var ingest = await VideoProbe.VideoTimestampsAsync(video.Ingest.Recordings.Single());
        var lastPts = ingest.Order().ElementAt(Frames - 1);
        var ingestFrames = await VideoProbe.CountFramesUpToAsync(video.Ingest.Recordings, lastPts);
        var backupFrames = await VideoProbe.CountFramesUpToAsync(backup.Recordings, lastPts);
        var primaryFrames = await VideoProbe.CountFramesUpToAsync(primary.Recordings, lastPts);
        var (psnr, ssim) = await VideoProbe.CompareAsync(backup.Recordings[0], 1280, 720);
        var report = $"ingest {ingestFrames}, backup {backupFrames}, primary {primaryFrames} in {primary.Recordings.Count} files; PSNR {psnr:F1} dB, SSIM {ssim:F3}; {total.Elapsed.TotalSeconds:F0} s";

        Assert.True(ingest.Count == Frames + TailFrames && ingestFrames == Frames, report);
        Assert.True(backupFrames == Frames, report);
        Assert.True(primaryFrames < backupFrames && primary.Recordings.Count == 2, report);
        Assert.True(psnr > 35 && ssim > 0.95, report);
        var playlist = await File.ReadAllTextAsync(video.HlsPlaylist);
        Assert.True(playlist.Split('\n').Count(l => l.EndsWith(".ts", StringComparison.Ordinal)) >= 4, playlist);
    }

    private static bool IsSet(JsonNode? alert, string pipeline) =>
        (string?)alert!["alertType"] == "Failed RTMP Connection" && (string?)alert["pipelineId"] == pipeline && (string?)alert["state"] == "SET";

    /// <summary>The rule: stream keys are in no process's arguments (ffmpeg gets FLV on stdout, not the URLs with keys).</summary>
    private static void AssertNoProcessArgumentHolds(params string[] secrets)
    {
        foreach (var dir in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, cmdline, StringComparison.Ordinal);
            }
        }
    }
}
