
namespace Lunora.Worker.Loop;

/// <summary>The loop's log lines. Information only when something changes; ids only, never URLs or keys.</summary>
internal static partial class LoopLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Reconciling channel {ChannelId} ({Reason})")]
    public static partial void Reconciling(ILogger logger, string channelId, string reason);

    [LoggerMessage(EventId = 116, Level = LogLevel.Debug, Message = "Reconciled channel {ChannelId} in {Elapsed}: {Outcome}")]
    public static partial void Reconciled(ILogger logger, string channelId, TimeSpan elapsed, ReconcileOutcome outcome);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Channel {ChannelId}: {Action} ({Reason})")]
    public static partial void ChannelAction(ILogger logger, string channelId, string action, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Channel {ChannelId}: destination {DestinationId} is {Status} via {UrlType} ({Reason})")]
    public static partial void DestinationStatusChanged(ILogger logger, string channelId, string destinationId, string status, string urlType, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Channel {ChannelId}: destination {DestinationId} switches from {From} to {To}: {Reason}")]
    public static partial void Failover(ILogger logger, string channelId, string destinationId, string from, string to, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Channel {ChannelId} is now {State}")]
    public static partial void ChannelStateChanged(ILogger logger, string channelId, string state);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Channel {ChannelId}: reconcile failed, retrying in {Delay} ({ErrorType}: {Message})")]
    public static partial void TransientFailure(ILogger logger, string channelId, TimeSpan delay, string errorType, string message);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Channel {ChannelId}: reconcile cannot proceed until something changes: {Reason}")]
    public static partial void TerminalFailure(ILogger logger, string channelId, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "Channel {ChannelId}: not the leader, {Action} skipped")]
    public static partial void NotLeader(ILogger logger, string channelId, string action);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Channel {ChannelId}: reconcile paused, would {Action} ({Reason})")]
    public static partial void PausedWouldMutate(ILogger logger, string channelId, string action, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Channel {ChannelId}: alert '{AlertType}' {AlertId} on pipeline {Pipeline} names no Lunora output; reported, not acted on")]
    public static partial void UnattributedAlert(ILogger logger, string channelId, string alertType, string alertId, int pipeline);

    [LoggerMessage(EventId = 117, Level = LogLevel.Warning, Message = "Channel {ChannelId}: {Action} of relay path {Path} failed (transient: {Transient}): {Reason}")]
    public static partial void RelayActionFailed(ILogger logger, string channelId, string action, string path, bool transient, string reason);
}
