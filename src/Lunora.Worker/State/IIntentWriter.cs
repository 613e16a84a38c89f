using Lunora.Domain.Desired;

namespace Lunora.Worker.State;

/// <summary>
/// Intent writes made on behalf of commands (SQS). Every command becomes one of these conditional writes: the
/// destinations table stays the single source of truth, and no command calls MediaLive. A write carries the command's
/// stamp; a stamp older than the one the record already holds is not applied.
/// </summary>
public interface IIntentWriter
{
    Task<IntentWriteOutcome> SetDesiredStateAsync(string destinationId, DesiredState state, IntentStamp stamp, CancellationToken cancellationToken);

    /// <summary>Sets every destination of the channel to stopped; returns how many changed.</summary>
    Task<int> StopAllAsync(string channelId, IntentStamp stamp, CancellationToken cancellationToken);

    Task<IntentWriteOutcome> SetBackupAsync(string destinationId, string backupUrl, string backupKeyParameter, IntentStamp stamp, CancellationToken cancellationToken);

    /// <summary>failover = Backup, failback = Primary; Auto hands the choice back to health.</summary>
    Task<IntentWriteOutcome> SetUrlPreferenceAsync(string destinationId, UrlPreference preference, IntentStamp stamp, CancellationToken cancellationToken);

    /// <summary>Observe-only mode per channel: plan and report, never mutate. Stored in the worker's own table.</summary>
    Task SetReconcilePausedAsync(string channelId, bool paused, IntentStamp stamp, CancellationToken cancellationToken);
}
