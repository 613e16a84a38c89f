using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.Doctor;
using Lunora.Worker.Encodings;
using Lunora.Worker.Tests.Encodings;

namespace Lunora.Worker.Tests.Doctor;

/// <summary>A healthy channel and healthy metrics; each test breaks one thing.</summary>
internal static class DoctorChannels
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 20, 0, 0, TimeSpan.Zero);

    public static JsonObject Good()
    {
        var video = PresetEncoding.Video(Presets.P1080);
        video["name"] = "video-1080p";
        return new JsonObject
        {
            ["id"] = "3714710",
            ["name"] = "obs",
            ["channelClass"] = "STANDARD",
            ["state"] = "RUNNING",
            ["inputSpecification"] = new JsonObject { ["codec"] = "AVC", ["maximumBitrate"] = "MAX_10_MBPS", ["resolution"] = "HD" },
            ["destinations"] = new JsonArray(new JsonObject { ["id"] = "yt", ["settings"] = new JsonArray(new JsonObject { ["url"] = "rtmp://a/live" }, new JsonObject { ["url"] = "rtmp://b/live" }) }),
            ["encoderSettings"] = new JsonObject
            {
                ["videoDescriptions"] = new JsonArray(video),
                ["audioDescriptions"] = new JsonArray(PresetEncoding.Audio(Presets.P1080, "audio-1")),
                ["outputGroups"] = new JsonArray(new JsonObject
                {
                    ["name"] = "youtube",
                    ["outputGroupSettings"] = new JsonObject { ["rtmpGroupSettings"] = new JsonObject() },
                    ["outputs"] = new JsonArray(new JsonObject
                    {
                        ["outputName"] = "yt",
                        ["videoDescriptionName"] = "video-1080p",
                        ["outputSettings"] = new JsonObject { ["rtmpOutputSettings"] = new JsonObject { ["destination"] = new JsonObject { ["destinationRefId"] = "yt" } } },
                    }),
                }),
            },
        };
    }

    /// <summary>A second destination's RTMP output group on the same video description.</summary>
    public static JsonObject WithSecondGroup(JsonObject channel, string name)
    {
        ((JsonArray)channel["encoderSettings"]!["outputGroups"]!).Add(new JsonObject
        {
            ["name"] = name,
            ["outputGroupSettings"] = new JsonObject { ["rtmpGroupSettings"] = new JsonObject() },
            ["outputs"] = new JsonArray(new JsonObject
            {
                ["outputName"] = name,
                ["videoDescriptionName"] = "video-1080p",
                ["outputSettings"] = new JsonObject { ["rtmpOutputSettings"] = new JsonObject { ["destination"] = new JsonObject { ["destinationRefId"] = name } } },
            }),
        });
        return channel;
    }

    public static JsonObject H264(JsonObject channel) =>
        channel["encoderSettings"]!["videoDescriptions"]![0]!["codecSettings"]!["h264Settings"]!.AsObject();

    public static ImmutableArray<PipelineHistory> GoodMetrics(int pipelines = 2) =>
        [.. Enumerable.Range(0, pipelines).Select(p => new PipelineHistory(p, Series(0, 0, 0), Series(0, 0, 0), Series(30, 30, 30), Series(6.1, 6, 5.9)))];

    /// <summary>Newest first, one minute apart, ending at <see cref="T0"/>.</summary>
    public static MetricSeries Series(params double[] newestFirst) => new(
        "s",
        null,
        [.. newestFirst.Select((_, i) => T0.AddMinutes(-i))],
        [.. newestFirst],
        "Complete");

    /// <summary>The good case states the source's keyframe interval (2 s); the rule that needs it says so when it is unknown.</summary>
    public static DoctorOptions Stated2s { get; } = DoctorOptions.Default with { SourceKeyframeSeconds = 2 };

    public static DoctorInput Input(JsonObject channel, ImmutableArray<PipelineHistory>? metrics = null, DesiredChannel? desired = null, DoctorOptions? options = null) =>
        new(channel, metrics ?? GoodMetrics(), desired, options ?? Stated2s) { ActiveOutputs = GoodActiveOutputs(channel) };

    /// <summary>ActiveOutputs at 1 for every RTMP output group on every pipeline of the channel.</summary>
    public static ImmutableDictionary<ActiveOutputsKey, MetricSeries> GoodActiveOutputs(JsonObject channel)
    {
        var pipelines = (string?)channel["channelClass"] == "SINGLE_PIPELINE" ? 1 : 2;
        var groups = (channel["encoderSettings"]?["outputGroups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => (string)g["name"]!);
        return groups.SelectMany(g => Enumerable.Range(0, pipelines).Select(p => new ActiveOutputsKey(p, g)))
            .ToImmutableDictionary(k => k, _ => Series(1, 1, 1));
    }
}
