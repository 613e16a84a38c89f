using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Lunora.Emulator;
using Lunora.Emulator.RealVideo;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// Real video end to end, installing nothing: an nginx-rtmp ingest (the channel's RTMP push input, recorded), the emulator
/// in real-video mode with one STANDARD channel attached to it, receivers on demand, and an ffmpeg test source playing OBS.
/// Reusable by a worker-driven test: point the worker at <see cref="Server"/> and <see cref="ChannelId"/>.
/// </summary>
public sealed class RealVideoFixture : IAsyncLifetime
{
    public const string ChannelId = "9100001";
    public const string InputId = "9100002";
    public const string StreamName = "obs-stream";

    private readonly List<NginxRtmp> _receivers = [];
    private readonly List<Process> _sources = [];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lunora-video-" + Guid.NewGuid().ToString("N")[..8]);

    public NginxRtmp Ingest { get; private set; } = null!;

    public EmulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string IngestUrl => $"{Ingest.Url}/{StreamName}";

    public async Task InitializeAsync()
    {
        if (VideoTools.MissingReason is not null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        Ingest = await NginxRtmp.StartAsync(Path.Combine(Directory, "ingest"), "live");
        var seed = Path.Combine(Directory, "seed.json");
        await File.WriteAllTextAsync(seed, Seed().ToJsonString());
        Server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            SeedPath = seed,
            Profile = TransitionProfile.Fast,
            RateLimitEnabled = false,
            RealVideo = true,
            Video = new RealVideoOptions
            {
                FfmpegPath = VideoTools.Ffmpeg,
                HlsFolder = Path.Combine(Directory, "hls"),
                InputTimeout = TimeSpan.FromSeconds(4),
            },
        });
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        // Every child process goes, even when one step fails: a leaked nginx would hold its port and folder.
        try
        {
            foreach (var source in _sources)
            {
                try
                {
                    source.Kill();
                }
                catch (InvalidOperationException)
                {
                    // Exited already.
                }

                source.Dispose();
            }

            if (Server is not null)
            {
                Http.Dispose();
                await Server.DisposeAsync();
            }
        }
        finally
        {
            foreach (var receiver in _receivers)
            {
                await receiver.DisposeAsync();
            }

            if (Ingest is not null)
            {
                await Ingest.DisposeAsync();
            }

            if (System.IO.Directory.Exists(Directory) && Environment.GetEnvironmentVariable("LUNORA_VIDEO_KEEP") is null)
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }

    /// <summary>A new recording RTMP receiver (a platform ingest) with application <paramref name="application"/>.</summary>
    public async Task<NginxRtmp> StartReceiverAsync(string name, string application = "live2")
    {
        var receiver = await NginxRtmp.StartAsync(Path.Combine(Directory, name), application);
        _receivers.Add(receiver);
        return receiver;
    }

    /// <summary>
    /// OBS: testsrc2 + a sine at 30 fps, exactly <paramref name="frames"/> frames, in real time, high quality so the
    /// channel's encode is what the measurements see. Returns when the source has finished.
    /// </summary>
    public Process StartSource(int frames, int width = 1280, int height = 720)
    {
        var info = new ProcessStartInfo(VideoTools.Ffmpeg) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in SourceArguments(frames, width, height))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        _sources.Add(process);
        return process;
    }

    /// <summary>
    /// Encodes the source once to a file, so that pushing it (<see cref="StartSourceFromFile"/>) costs no CPU while the
    /// channel encodes: measurements then see the channel, not a starved machine.
    /// </summary>
    public async Task<string> PrepareSourceAsync(int frames, int width, int height)
    {
        var file = Path.Combine(Directory, $"source-{width.ToString(CultureInfo.InvariantCulture)}x{height.ToString(CultureInfo.InvariantCulture)}-{frames.ToString(CultureInfo.InvariantCulture)}.flv");
        if (!File.Exists(file))
        {
            var args = SourceArguments(frames, width, height).Where(a => a != "-re").SkipLast(1).Append(file);
            var (code, _, error) = await VideoTools.RunAsync(VideoTools.Ffmpeg, args, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"source encode failed: {error}");
        }

        return file;
    }

    /// <summary>OBS from a prepared file: pushed in real time without re-encoding.</summary>
    public Process StartSourceFromFile(string file)
    {
        var info = new ProcessStartInfo(VideoTools.Ffmpeg) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-i", file, "-c", "copy", "-f", "flv", IngestUrl })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        _sources.Add(process);
        return process;
    }

    /// <summary>
    /// Packets the ingest dropped for its subscribers so far (nginx-rtmp drops for a player that falls behind): non-zero
    /// means the channel's encoder could not keep up with real time on this machine.
    /// </summary>
    public async Task<int> IngestDroppedAsync() =>
        System.Text.RegularExpressions.Regex.Matches(await Ingest.StatAsync(), "<dropped>([0-9]+)</dropped>")
            .Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>Deletes the ingest's recordings, so each measurement sees only its own source run.</summary>
    public void ClearIngestRecordings()
    {
        foreach (var file in Ingest.Recordings)
        {
            File.Delete(file);
        }
    }

    public IEnumerable<string> SourceArguments(int frames, int width, int height) =>
    [
        "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", Reference(width, height),
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-shortest",
        "-c:v", "libx264", "-preset", "superfast", "-crf", "16", "-g", "60", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "160k", "-f", "flv", IngestUrl,
    ];

    /// <summary>The lavfi graph of the test pattern: the PSNR/SSIM reference is the pattern itself, regenerated.</summary>
    public static string Reference(int width, int height) =>
        $"testsrc2=size={width.ToString(CultureInfo.InvariantCulture)}x{height.ToString(CultureInfo.InvariantCulture)}:rate=30";

    /// <summary>Waits until the channel's encoder is subscribed to the ingest, so the source's first frame reaches it.</summary>
    public async Task WaitForChannelSubscribedAsync(TimeSpan timeout)
    {
        await Poll(async () => (await Ingest.StatAsync()).Contains("<nclients>1</nclients>", StringComparison.Ordinal), timeout, "the channel never subscribed to the ingest");
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? target = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(target is null ? "application/json" : "application/x-amz-json-1.0");
        }

        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK || response.StatusCode == HttpStatusCode.Created, $"{method} {path}: {response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<string> StateAsync() => (string)(await SendAsync(HttpMethod.Get, $"/prod/channels/{ChannelId}"))!["state"]!;

    public async Task WaitForStateAsync(string state, TimeSpan timeout) =>
        await Poll(async () => await StateAsync() == state, timeout, $"channel never reached {state}");

    /// <summary>UpdateChannel with one RTMP output group to primary (pipeline 0) and backup (pipeline 1), then StartChannel.</summary>
    public async Task StartChannelAsync(VideoPreset preset, string groupName, (string Url, string Key) primary, (string Url, string Key) backup, bool withHls = false)
    {
        if (await StateAsync() != "IDLE")
        {
            await SendAsync(HttpMethod.Post, $"/prod/channels/{ChannelId}/stop");
            await WaitForStateAsync("IDLE", TimeSpan.FromSeconds(10));
        }

        var body = ChannelBody(preset, groupName, primary, backup);
        if (withHls)
        {
            AddHlsGroup(body, HlsGroup);
        }

        await SendAsync(HttpMethod.Put, $"/prod/channels/{ChannelId}", body);
        await WaitForStateAsync("IDLE", TimeSpan.FromSeconds(10));
        await SendAsync(HttpMethod.Post, $"/prod/channels/{ChannelId}/start");
        await WaitForStateAsync("RUNNING", TimeSpan.FromSeconds(10));
    }

    /// <summary>StopChannel, then waits until the encoder has flushed and the outputs have closed.</summary>
    public async Task StopChannelAsync()
    {
        await SendAsync(HttpMethod.Post, $"/prod/channels/{ChannelId}/stop");
        await WaitForStateAsync("IDLE", TimeSpan.FromSeconds(10));
        await Poll(() => Task.FromResult(Server.RealVideoActiveRuns == 0), TimeSpan.FromSeconds(15), "the channel's encoder never stopped");
    }

    public async Task<JsonArray> AlertsAsync() =>
        (JsonArray)(await SendAsync(HttpMethod.Get, $"/prod/channels/{ChannelId}/alerts"))!["alerts"]!;

    /// <summary>Minimum and maximum ActiveOutputs of one group/pipeline over the last minutes (1-second periods).</summary>
    public async Task<(double Min, double Max)> ActiveOutputsAsync(string groupName, int pipeline)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0));
        var body = new JsonObject
        {
            ["StartTime"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddMinutes(1).ToUnixTimeSeconds(),
            ["MetricDataQueries"] = new JsonArray(
                Query("mn", "Minimum"),
                Query("mx", "Maximum")),
        };
        var reply = await SendAsync(HttpMethod.Post, "/", body, "GraniteServiceVersion20100801.GetMetricData");
        var results = (JsonArray)reply!["MetricDataResults"]!;
        double Extreme(string id, Func<IEnumerable<double>, double> pick) =>
            pick(((JsonArray)results.First(r => (string?)r!["Id"] == id)!["Values"]!).Select(v => (double)v!).DefaultIfEmpty(double.NaN));
        return (Extreme("mn", v => v.Min()), Extreme("mx", v => v.Max()));

        JsonObject Query(string id, string stat) => new()
        {
            ["Id"] = id,
            ["MetricStat"] = new JsonObject
            {
                ["Metric"] = new JsonObject
                {
                    ["Namespace"] = "AWS/MediaLive",
                    ["MetricName"] = "ActiveOutputs",
                    ["Dimensions"] = new JsonArray(
                        new JsonObject { ["Name"] = "ChannelId", ["Value"] = ChannelId },
                        new JsonObject { ["Name"] = "Pipeline", ["Value"] = pipeline.ToString(CultureInfo.InvariantCulture) },
                        new JsonObject { ["Name"] = "OutputGroupName", ["Value"] = groupName }),
                },
                ["Period"] = 1,
                ["Stat"] = stat,
            },
        };
    }

    public static async Task Poll(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"Timed out after {timeout}: {failure}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until a receiver's recordings stop growing (the channel has flushed what it had).</summary>
    public static async Task WaitForQuietAsync(NginxRtmp receiver, TimeSpan quiet, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var last = -1L;
        var since = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var size = receiver.RecordedBytes;
            if (size != last)
            {
                last = size;
                since.Restart();
            }
            else if (since.Elapsed >= quiet)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    public const string HlsGroup = "hls-local";

    /// <summary>Where real-video mode writes <see cref="HlsGroup"/>'s playlist for the fixture's channel.</summary>
    public string HlsPlaylist => Path.Combine(Directory, "hls", ChannelId, HlsGroup, "index.m3u8");

    /// <summary>Adds an HLS output group (2-second segments) using the channel's first video and audio descriptions.</summary>
    public static void AddHlsGroup(JsonObject body, string name)
    {
        var encoder = body["encoderSettings"]!;
        ((JsonArray)body["destinations"]!).Add(new JsonObject
        {
            ["id"] = name,
            ["settings"] = new JsonArray(
                new JsonObject { ["url"] = $"s3://lunora-local/{name}/a/index" },
                new JsonObject { ["url"] = $"s3://lunora-local/{name}/b/index" }),
        });
        ((JsonArray)encoder["outputGroups"]!).Add(new JsonObject
        {
            ["name"] = name,
            ["outputGroupSettings"] = new JsonObject
            {
                ["hlsGroupSettings"] = new JsonObject
                {
                    ["destination"] = new JsonObject { ["destinationRefId"] = name },
                    ["segmentLength"] = 2,
                },
            },
            ["outputs"] = new JsonArray(new JsonObject
            {
                ["outputName"] = name + "-out",
                ["videoDescriptionName"] = (string)encoder["videoDescriptions"]![0]!["name"]!,
                ["audioDescriptionNames"] = new JsonArray((string)encoder["audioDescriptions"]![0]!["name"]!),
                ["outputSettings"] = new JsonObject
                {
                    ["hlsOutputSettings"] = new JsonObject
                    {
                        ["nameModifier"] = "_main",
                        ["hlsSettings"] = new JsonObject { ["standardHlsSettings"] = new JsonObject { ["m3u8Settings"] = new JsonObject() } },
                    },
                },
            }),
        });
    }

    /// <summary>An UpdateChannel body: the preset's descriptions and one RTMP group sending pipeline 0 to primary, 1 to backup.</summary>
    public static JsonObject ChannelBody(VideoPreset preset, string groupName, (string Url, string Key) primary, (string Url, string Key) backup) => new()
    {
        ["name"] = "lunora-real-video",
        ["inputAttachments"] = new JsonArray(new JsonObject { ["inputAttachmentName"] = "obs", ["inputId"] = InputId }),
        ["destinations"] = new JsonArray(new JsonObject
        {
            ["id"] = groupName,
            ["settings"] = new JsonArray(
                new JsonObject { ["url"] = primary.Url, ["streamName"] = primary.Key },
                new JsonObject { ["url"] = backup.Url, ["streamName"] = backup.Key }),
        }),
        ["encoderSettings"] = new JsonObject
        {
            ["timecodeConfig"] = new JsonObject { ["source"] = "SYSTEMCLOCK" },
            ["videoDescriptions"] = new JsonArray(preset.VideoDescription()),
            ["audioDescriptions"] = new JsonArray(preset.AudioDescription()),
            ["outputGroups"] = new JsonArray(new JsonObject
            {
                ["name"] = groupName,
                ["outputGroupSettings"] = new JsonObject { ["rtmpGroupSettings"] = new JsonObject { ["restartDelay"] = 5 } },
                ["outputs"] = new JsonArray(new JsonObject
                {
                    ["outputName"] = groupName,
                    ["videoDescriptionName"] = preset.VideoDescriptionName,
                    ["audioDescriptionNames"] = new JsonArray("a-aac"),
                    ["outputSettings"] = new JsonObject
                    {
                        ["rtmpOutputSettings"] = new JsonObject
                        {
                            ["destination"] = new JsonObject { ["destinationRefId"] = groupName },
                            ["connectionRetryInterval"] = 1,
                            ["numRetries"] = 10,
                        },
                    },
                }),
            }),
        },
    };

    private JsonObject Seed() => new()
    {
        ["accountId"] = "111122223333",
        ["region"] = "us-west-2",
        ["channels"] = new JsonArray(new JsonObject
        {
            ["id"] = ChannelId,
            ["name"] = "lunora-real-video",
            ["channelClass"] = "STANDARD",
            ["state"] = "IDLE",
            ["destinations"] = new JsonArray(),
            ["inputAttachments"] = new JsonArray(new JsonObject { ["inputAttachmentName"] = "obs", ["inputId"] = InputId }),
            ["encoderSettings"] = ChannelBody(VideoPreset.P720, "seed", ("rtmp://127.0.0.1:1/none", "none"), ("rtmp://127.0.0.1:1/none", "none"))["encoderSettings"]!.DeepClone(),
        }),
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["id"] = InputId,
            ["name"] = "lunora-real-video-obs",
            ["type"] = "RTMP_PUSH",
            ["inputClass"] = "STANDARD",
            ["destinations"] = new JsonArray(
                new JsonObject { ["url"] = IngestUrl, ["ip"] = "127.0.0.1", ["port"] = Ingest.Port.ToString(CultureInfo.InvariantCulture) },
                new JsonObject { ["url"] = IngestUrl, ["ip"] = "127.0.0.1", ["port"] = Ingest.Port.ToString(CultureInfo.InvariantCulture) }),
        }),
    };
}
