namespace Lunora.Worker.Commands;

/// <summary>Command log lines. Ids, types and reasons only: message bodies are never logged (they may be anything).</summary>
internal static partial class CommandsLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Command {CommandId} ({CommandType}) applied")]
    public static partial void Applied(this ILogger logger, string commandId, string commandType);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Command {CommandId} ({CommandType}) was already applied; acknowledged")]
    public static partial void Duplicate(this ILogger logger, string commandId, string commandType);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Command {CommandId} ({CommandType}) issued at {IssuedAt:o} is older than the intent the record holds; acknowledged and ignored")]
    public static partial void Stale(this ILogger logger, string commandId, string commandType, DateTimeOffset issuedAt);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "Command {CommandId} is being applied by another consumer; left on the queue")]
    public static partial void InProgressElsewhere(this ILogger logger, string commandId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Command message {MessageId} rejected (command {CommandId}, type {CommandType}): {Rejection}: {Reason}")]
    public static partial void Rejected(this ILogger logger, string messageId, string? commandId, string? commandType, CommandRejection rejection, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Command {CommandId} ({CommandType}) failed on receive {ReceiveCount}; retrying in {RetryIn}")]
    public static partial void TransientFailure(this ILogger logger, Exception exception, string commandId, string commandType, int receiveCount, TimeSpan retryIn);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Could not send rejected message {MessageId} to the dead-letter queue; leaving it to the redrive policy")]
    public static partial void DeadLetterSendFailed(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "No dead-letter queue known for {QueueUrl}: rejected messages are left to the redrive policy, without their reason")]
    public static partial void NoDeadLetterQueue(this ILogger logger, string queueUrl);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Receiving from {QueueUrl} failed; polling again in {RetryIn}")]
    public static partial void PollFailed(this ILogger logger, Exception exception, string queueUrl, TimeSpan retryIn);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Could not extend the visibility of {Count} in-flight messages")]
    public static partial void ExtendVisibilityFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Could not delete {Count} handled messages; they will be redelivered and acknowledged as duplicates")]
    public static partial void DeleteFailed(this ILogger logger, Exception? exception, int count);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Consuming commands from {QueueUrl} (dead-letter queue {DeadLetterQueueUrl})")]
    public static partial void Started(this ILogger logger, string queueUrl, string? deadLetterQueueUrl);
}
