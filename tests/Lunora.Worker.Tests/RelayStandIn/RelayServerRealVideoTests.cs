using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lunora.Domain.Delivery;
using Lunora.Worker.Tests.RealVideo;
using Xunit.Abstractions;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>
/// The stand-in moving real video, alone (no worker): a live source publishes the ingest; destination paths forward it
/// to recording nginx-rtmp receivers. What a receiver got is read from its recordings: one file per publish (so a
/// reconnect shows as a second file) and the video timestamps in it (a lost frame shows as a gap).
/// </summary>
[Collection(RealVideoCollection.Name)]
public sealed class RelayServerRealVideoTests(RealVideoFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int FrameMs = 40;
    private readonly List<Process> _sources = [];
    private StandInRelay _relay = null!;

    public async Task InitializeAsync() => _relay = await StandInRelay.StartAsync(forwardRetryPause: TimeSpan.FromMilliseconds(500));

    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            if (!source.HasExited)
            {
                source.Kill();
                await source.WaitForExitAsync();
            }

            source.Dispose();
        }

        var violations = _relay.Violations;
        await _relay.DisposeAsync();
        Assert.Empty(violations);
    }

    [RealVideoFact]
    public async Task AddPath_TwoForwarding_OthersLoseNoFrameNeverReconnectAndNewOneReceives()
    {
        StartSource(RelayNaming.DefaultIngest);
        var receivers = new[] { await fixture.StartReceiverAsync("relay-a", "live"), await fixture.StartReceiverAsync("relay-b", "live"), await fixture.StartReceiverAsync("relay-c", "live") };
        var keys = receivers.Select(_ => "key-" + Guid.NewGuid().ToString("N")).ToArray();
        var names = new[] { "a", "b", "c" }.Select(RelayNaming.DestinationPath).ToArray();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{names[i]}", _relay.DestinationPath(RelayNaming.DefaultIngest, receivers[i].Url, keys[i]))).Status);
        }

        await WaitForFramesAsync(receivers[0], 25);
        await WaitForFramesAsync(receivers[1], 25);
        var before = new[] { await FramesAsync(receivers[0]), await FramesAsync(receivers[1]) };

        var added = Stopwatch.StartNew();
        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{names[2]}", _relay.DestinationPath(RelayNaming.DefaultIngest, receivers[2].Url, keys[2]))).Status);
        await WaitForFramesAsync(receivers[2], 1);
        // Printed, not asserted (no timed assertions): docs/relay.md quotes it.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"third path: first frame recorded {added.Elapsed.TotalSeconds:F2} s after the add call"));
        await WaitForFramesAsync(receivers[2], 25);
        // Let the first two run on well past the addition, so their recordings cover it.
        await WaitForFramesAsync(receivers[0], before[0] + 25);
        await WaitForFramesAsync(receivers[1], before[1] + 25);

        AssertNoKeyInAnyProcessArguments(keys);
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            var forward = await _relay.ForwardAsync(name);
            Assert.Equal("forwarding", (string?)forward["state"]);
            Assert.True((long)forward["outboundBytes"]! > 0);
        }

        foreach (var name in names)
        {
            Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Delete, $"/v3/config/paths/delete/{name}")).Status);
        }

        foreach (var receiver in receivers)
        {
            await RealVideoFixture.WaitForQuietAsync(receiver, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        }

        for (var i = 0; i < 2; i++)
        {
            var recording = Assert.Single(receivers[i].Recordings);
            var timestamps = await VideoProbe.VideoTimestampsAsync(recording);
            Assert.True(timestamps.Count > before[i], $"receiver {i} has {timestamps.Count} frames, {before[i]} before the third path was added");
            AssertContinuous(timestamps, $"receiver {i}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"receiver {i}: {receivers[i].Recordings.Count} recording(s), {timestamps.Count} frames, {before[i]} before the add, largest step {timestamps.Zip(timestamps.Skip(1), (a, b) => b - a).Max()} ms"));
        }

        Assert.True((await VideoProbe.VideoTimestampsAsync(Assert.Single(receivers[2].Recordings))).Count >= 25);
    }

    [RealVideoFact]
    public async Task Forward_ReceiverDown_ErrorWithReasonThenForwardingWhenItIsBack()
    {
        StartSource(RelayNaming.DefaultIngest);
        var receiver = await fixture.StartReceiverAsync("relay-down", "live");
        await receiver.StopAsync();
        var key = "key-" + Guid.NewGuid().ToString("N");
        var name = RelayNaming.DestinationPath("down");

        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{name}", _relay.DestinationPath(RelayNaming.DefaultIngest, receiver.Url, key))).Status);

        JsonObject forward = null!;
        await RealVideoFixture.Poll(async () => (string?)(forward = await _relay.ForwardAsync(name))["state"] == "error", TimeSpan.FromSeconds(30), "the forward never reported its error");
        Assert.NotEqual("", (string?)forward["lastError"]);
        Assert.DoesNotContain(key, (string?)forward["lastError"], StringComparison.Ordinal);

        await receiver.RestartAsync();
        await RealVideoFixture.Poll(async () => (string?)(await _relay.ForwardAsync(name))["state"] == "forwarding", TimeSpan.FromSeconds(30), "the forward never recovered");
        await WaitForFramesAsync(receiver, 10);
    }

    private static async Task<int> FramesAsync(NginxRtmp receiver) =>
        receiver.Recordings.Count == 0 ? 0 : (await VideoProbe.VideoTimestampsAsync(receiver.Recordings[^1])).Count;

    private static Task WaitForFramesAsync(NginxRtmp receiver, int frames) =>
        RealVideoFixture.Poll(async () => await FramesAsync(receiver) >= frames, TimeSpan.FromSeconds(60), $"{receiver.Url} never recorded {frames} frames");

    /// <summary>Every frame of the source since the session started: consecutive timestamps one frame apart, never a gap.</summary>
    private static void AssertContinuous(IReadOnlyList<long> timestamps, string who)
    {
        for (var i = 1; i < timestamps.Count; i++)
        {
            var step = timestamps[i] - timestamps[i - 1];
            Assert.True(step is > 0 and < FrameMs * 3 / 2, string.Create(CultureInfo.InvariantCulture, $"{who}: frame {i} comes {step} ms after the previous one (a frame is {FrameMs} ms)"));
        }
    }

    private static void AssertNoKeyInAnyProcessArguments(IEnumerable<string> keys)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var key in keys)
            {
                Assert.DoesNotContain(key, cmdline, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A cheap live source (320x240 at 25 fps, a keyframe a second, no B-frames) publishing ingest <paramref name="ingest"/>.</summary>
    private void StartSource(string ingest)
    {
        var info = new ProcessStartInfo(VideoTools.Ffmpeg) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-f", "flv", _relay.Server.IngestUrl(ingest),
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        _sources.Add(process);
    }
}
