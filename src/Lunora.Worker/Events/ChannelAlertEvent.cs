namespace Lunora.Worker.Events;

/// <summary>A "MediaLive Channel Alert" EventBridge event. <see cref="Message"/> is MediaLive's free text (it may quote an output URL, never our key: keys travel as stream names).</summary>
/// <param name="Pipeline">0 or 1; null when the alert names no pipeline.</param>
public sealed record ChannelAlertEvent(
    string ChannelId,
    string ChannelArn,
    AlarmState AlarmState,
    string AlertType,
    int? Pipeline,
    string? AlarmId,
    string? Message,
    DateTimeOffset Time);
