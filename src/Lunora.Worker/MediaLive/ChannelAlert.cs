namespace Lunora.Worker.MediaLive;

/// <summary>One ListAlerts entry. Alert ids restart with the channel, so key them by (channel, id).</summary>
public sealed record ChannelAlert(
    string Id,
    string AlertType,
    string? Message,
    string? PipelineId,
    string State,
    DateTimeOffset? SetTimestamp,
    DateTimeOffset? ClearedTimestamp);
