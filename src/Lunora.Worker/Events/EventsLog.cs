namespace Lunora.Worker.Events;

internal static partial class EventsLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Alert event for channel {ChannelId}: {AlertType} {AlarmState} on pipeline {Pipeline}")]
    public static partial void Alert(this ILogger logger, string channelId, string alertType, AlarmState alarmState, int? pipeline);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "State change event for channel {ChannelId}: {State}")]
    public static partial void StateChange(this ILogger logger, string channelId, string state);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Event message {MessageId} skipped: {Reason}")]
    public static partial void Skipped(this ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Debug, Message = "Event for channel {ChannelId} ignored: not ours")]
    public static partial void NotOurs(this ILogger logger, string channelId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Handling event message {MessageId} failed; dropped (events are best effort)")]
    public static partial void HandlingFailed(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Receiving from {QueueUrl} failed; polling again in {RetryIn}")]
    public static partial void PollFailed(this ILogger logger, Exception exception, string queueUrl, TimeSpan retryIn);
}
