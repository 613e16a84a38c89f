using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Worker.CloudWatch;

namespace Lunora.Worker.Doctor;

/// <summary>Tolerant reads of a DescribeChannel document for the rules: anything missing or mistyped reads as null.</summary>
internal static class ChannelReading
{
    public static IEnumerable<JsonObject> VideoDescriptions(JsonObject channel) =>
        channel["encoderSettings"]?["videoDescriptions"] as JsonArray is { } list ? list.OfType<JsonObject>() : [];

    public static string Name(JsonObject description) => Text(description["name"]) ?? "(unnamed)";

    /// <summary>The H.264 or H.265 settings of a video description (the codecs with rate control and GOP settings).</summary>
    public static JsonObject? Codec(JsonObject description) =>
        description["codecSettings"]?["h264Settings"] as JsonObject ?? description["codecSettings"]?["h265Settings"] as JsonObject;

    /// <summary>Video description name → the RTMP output groups whose outputs use it.</summary>
    public static Dictionary<string, List<string>> RtmpUses(JsonObject channel)
    {
        var uses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var groups = channel["encoderSettings"]?["outputGroups"] as JsonArray ?? [];
        foreach (var group in groups.OfType<JsonObject>().Where(g => g["outputGroupSettings"]?["rtmpGroupSettings"] is JsonObject))
        {
            foreach (var output in (group["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Text(output["videoDescriptionName"]) is { } video)
                {
                    if (!uses.TryGetValue(video, out var list))
                    {
                        uses[video] = list = [];
                    }

                    list.Add(Text(group["name"]) ?? "(unnamed group)");
                }
            }
        }

        return uses;
    }

    /// <summary>Frames per second a SPECIFIED frame rate sets, else null (the output follows the source).</summary>
    public static double? SpecifiedFrameRate(JsonObject codec) =>
        Text(codec["framerateControl"]) == "SPECIFIED" && Number(codec["framerateNumerator"]) is { } n && Number(codec["framerateDenominator"]) is { } d && d > 0
            ? n / d
            : null;

    /// <summary>The source's frame rate as measured: the newest InputVideoFrameRate of any pipeline.</summary>
    public static double? MeasuredFrameRate(DoctorInput input) =>
        input.Metrics.Select(m => m.InputVideoFrameRate?.Latest).FirstOrDefault(v => v is > 0);

    // Parsed from the JSON text: a value built in code holds an int or a double, one parsed from the wire a JsonElement.
    public static double? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
        : null;

    public static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : null;

    /// <summary>The earliest datapoint above zero (the series is newest first), with its value.</summary>
    public static (DateTimeOffset At, double Value)? FirstNonZero(MetricSeries? series)
    {
        if (series is null || series.Values.IsDefaultOrEmpty)
        {
            return null;
        }

        (DateTimeOffset, double)? first = null;
        for (var i = 0; i < series.Values.Length && i < series.Timestamps.Length; i++)
        {
            if (series.Values[i] > 0 && (first is null || series.Timestamps[i] < first.Value.Item1))
            {
                first = (series.Timestamps[i], series.Values[i]);
            }
        }

        return first;
    }

    /// <summary>The GOP of a codec in seconds: as set when in SECONDS, else frames at the output (or measured) frame rate.</summary>
    public static double? GopSeconds(JsonObject codec, DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (Number(codec["gopSize"]) is not { } size || size <= 0)
        {
            return null;
        }

        if (Text(codec["gopSizeUnits"]) == "SECONDS")
        {
            return size;
        }

        // In frames (MediaLive's default unit): seconds at the output frame rate.
        var fps = SpecifiedFrameRate(codec) ?? MeasuredFrameRate(input);
        return fps is > 0 ? size / fps.Value : null;
    }

    /// <summary>The video descriptions by name.</summary>
    public static Dictionary<string, JsonObject> DescriptionsByName(JsonObject channel) =>
        VideoDescriptions(channel).GroupBy(Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>The output groups of the channel that send RTMP, with their outputs' video description names.</summary>
    public static IEnumerable<(string Group, IReadOnlyList<string> Videos)> RtmpGroups(JsonObject channel) =>
        (channel["encoderSettings"]?["outputGroups"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(g => g["outputGroupSettings"]?["rtmpGroupSettings"] is JsonObject)
            .Select(g => (Text(g["name"]) ?? "(unnamed group)", (IReadOnlyList<string>)[.. (g["outputs"] as JsonArray ?? []).OfType<JsonObject>().Select(o => Text(o["videoDescriptionName"])).OfType<string>()]));

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
