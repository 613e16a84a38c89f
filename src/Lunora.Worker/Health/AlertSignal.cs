namespace Lunora.Worker.Health;

/// <summary>
/// One MediaLive alert as seen by ListAlerts or an EventBridge event. Keyed by (channel, alert id): ids reset when a
/// channel restarts, so an id alone means nothing across runs.
/// </summary>
public sealed record AlertSignal(
    string ChannelId,
    string AlertId,
    string AlertType,
    int Pipeline,
    string Message,
    bool IsSet,
    DateTimeOffset SetAt,
    DateTimeOffset? ClearedAt);
