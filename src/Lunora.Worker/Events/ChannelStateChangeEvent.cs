namespace Lunora.Worker.Events;

/// <summary>A "MediaLive Channel State Change" EventBridge event.</summary>
/// <param name="State">As MediaLive spells it, e.g. RUNNING, STOPPED.</param>
public sealed record ChannelStateChangeEvent(
    string ChannelId,
    string ChannelArn,
    string State,
    int? PipelinesRunningCount,
    string? Message,
    DateTimeOffset Time);
