using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;

namespace Lunora.Worker.State;

/// <summary>
/// Reads presets tolerantly: <c>resolution</c> as "1280x720" or "720p" (or <c>width</c>/<c>height</c>),
/// <c>frame_rate</c> as a number or "30000/1001", bitrates in bit/s, or with a k/M suffix, or as small plain numbers
/// read as kbit/s (nobody streams video under 20 kbit/s or audio under 1 kbit/s).
/// </summary>
public sealed class PresetStore(IAmazonDynamoDB dynamo, StateOptions options) : IPresetStore
{
    public async Task<EncodingPreset?> GetAsync(string presetId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(presetId);
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = options.PresetsTable,
                Key = new Dictionary<string, AttributeValue> { [LocalTables.PresetKey] = new() { S = presetId } },
            },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(presetId, item) : null;
    }

    internal static EncodingPreset Read(string presetId, Dictionary<string, AttributeValue> item)
    {
        var problems = new List<string>();
        var (width, height) = Resolution(item, problems);
        var frameRate = FrameRate(Text(item, "frame_rate"), problems);
        var video = Bitrate(Text(item, "video_bitrate"), 20_000, "video_bitrate", problems);
        var audio = Bitrate(Text(item, "audio_bitrate"), 1_000, "audio_bitrate", problems);
        return new EncodingPreset(
            presetId,
            Text(item, "name") ?? presetId,
            width,
            height,
            frameRate,
            video,
            audio,
            Text(item, "profile"),
            problems.Count > 0 ? string.Join("; ", problems) : null);
    }

    private static (int?, int?) Resolution(Dictionary<string, AttributeValue> item, List<string> problems)
    {
        if (Text(item, "resolution") is { } resolution)
        {
            var text = resolution.Trim().ToUpperInvariant();
            var parts = text.Split('X');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h))
            {
                return (w, h);
            }

            if (text.EndsWith('P') && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var lines))
            {
                return ((int)Math.Round(lines * 16 / 9.0 / 2) * 2, lines);
            }

            problems.Add("resolution is not WIDTHxHEIGHT or NNNp");
            return (null, null);
        }

        int? width = int.TryParse(Text(item, "width"), CultureInfo.InvariantCulture, out var ww) ? ww : null;
        int? height = int.TryParse(Text(item, "height"), CultureInfo.InvariantCulture, out var hh) ? hh : null;
        if (width is null || height is null)
        {
            problems.Add("resolution is missing");
        }

        return (width, height);
    }

    private static decimal? FrameRate(string? text, List<string> problems)
    {
        if (text is null)
        {
            problems.Add("frame_rate is missing");
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length == 2 && decimal.TryParse(parts[0], CultureInfo.InvariantCulture, out var numerator)
            && decimal.TryParse(parts[1], CultureInfo.InvariantCulture, out var denominator) && denominator != 0)
        {
            return Math.Round(numerator / denominator, 3);
        }

        if (decimal.TryParse(text, CultureInfo.InvariantCulture, out var rate) && rate > 0)
        {
            return rate;
        }

        problems.Add("frame_rate is not a number");
        return null;
    }

    private static int? Bitrate(string? text, int kbpsBelow, string field, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"{field} is missing");
            return null;
        }

        var trimmed = text.Trim().ToUpperInvariant();
        var factor = 1m;
        if (trimmed.EndsWith('K'))
        {
            factor = 1_000m;
            trimmed = trimmed[..^1];
        }
        else if (trimmed.EndsWith('M'))
        {
            factor = 1_000_000m;
            trimmed = trimmed[..^1];
        }

        if (!decimal.TryParse(trimmed, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            problems.Add($"{field} is not a number");
            return null;
        }

        if (factor == 1m && value < kbpsBelow)
        {
            factor = 1_000m;
        }

        return (int)(value * factor);
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value?.S ?? value?.N : null;
}
