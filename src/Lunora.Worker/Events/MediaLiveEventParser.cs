using System.Globalization;
using System.Text.Json;

namespace Lunora.Worker.Events;

/// <summary>Reads EventBridge MediaLive events (source aws.medialive). Null with a reason for anything else; never throws.</summary>
public static class MediaLiveEventParser
{
    public const string AlertDetailType = "MediaLive Channel Alert";
    public const string StateChangeDetailType = "MediaLive Channel State Change";

    /// <summary>Either an alert, a state change, or a reason the message was skipped.</summary>
    public static (ChannelAlertEvent? Alert, ChannelStateChangeEvent? StateChange, string? Skipped) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, "empty body");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "not a JSON object");
            }

            if (String(root, "source") != "aws.medialive")
            {
                return (null, null, "not a MediaLive event");
            }

            var detailType = String(root, "detail-type");
            if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "no detail");
            }

            var arn = String(detail, "channel_arn") ?? FirstResource(root);
            if (arn is null || ChannelIdFromArn(arn) is not { } channelId)
            {
                return (null, null, "no channel ARN");
            }

            var time = DateTimeOffset.TryParse(String(root, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : DateTimeOffset.MinValue;

            switch (detailType)
            {
                case AlertDetailType:
                    var state = String(detail, "alarm_state");
                    AlarmState? alarm = state switch
                    {
                        "SET" => AlarmState.Set,
                        "CLEARED" => AlarmState.Cleared,
                        _ => null,
                    };
                    if (alarm is null)
                    {
                        return (null, null, "alarm_state is neither SET nor CLEARED");
                    }

                    return (new ChannelAlertEvent(
                        channelId, arn, alarm.Value, String(detail, "alert_type") ?? "", Pipeline(detail), String(detail, "alarm_id"),
                        String(detail, "message"), time), null, null);
                case StateChangeDetailType:
                    if (String(detail, "state") is not { } channelState)
                    {
                        return (null, null, "state is missing");
                    }

                    int? running = detail.TryGetProperty("pipelines_running_count", out var count) && count.ValueKind == JsonValueKind.Number
                        && count.TryGetInt32(out var n) ? n : null;
                    return (null, new ChannelStateChangeEvent(channelId, arn, channelState, running, String(detail, "message"), time), null);
                default:
                    return (null, null, "not a channel alert or state change");
            }
        }
        catch (JsonException)
        {
            return (null, null, "not JSON");
        }
    }

    /// <summary>arn:aws:medialive:region:account:channel:ID -> ID.</summary>
    public static string? ChannelIdFromArn(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        return parts.Length == 7 && parts[2] == "medialive" && parts[5] == "channel" && parts[6].Length > 0 ? parts[6] : null;
    }

    private static int? Pipeline(JsonElement detail)
    {
        if (!detail.TryGetProperty("pipeline", out var pipeline))
        {
            return null;
        }

        // Documented as a string "0"/"1"; accept a number too.
        return pipeline.ValueKind switch
        {
            JsonValueKind.String when int.TryParse(pipeline.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is 0 or 1 => p,
            JsonValueKind.Number when pipeline.TryGetInt32(out var p) && p is 0 or 1 => p,
            _ => null,
        };
    }

    private static string? FirstResource(JsonElement root) =>
        root.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString() : null).FirstOrDefault(r => r is not null)
            : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
