using Amazon.DynamoDBv2;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.State;

/// <summary>
/// The destinations table (docs/dynamodb-contract.md) behind the interfaces the loop and the commands use; each job is
/// its own part: <see cref="DesiredStateReader"/> (resolved desired state), <see cref="DestinationStatusWriter"/>,
/// <see cref="FailoverRecorder"/>, <see cref="DestinationIntentWriter"/> and <see cref="ReconcilePauseStore"/>.
/// </summary>
public sealed class DestinationStore : IDesiredStateStore, IIntentWriter, IReconcilePauseReader
{
    private readonly DesiredStateReader _reader;
    private readonly DestinationStatusWriter _status;
    private readonly FailoverRecorder _failovers;
    private readonly DestinationIntentWriter _intents;
    private readonly ReconcilePauseStore _pause;

    public DestinationStore(
        DesiredStateReader reader,
        DestinationStatusWriter status,
        FailoverRecorder failovers,
        DestinationIntentWriter intents,
        ReconcilePauseStore pause)
    {
        _reader = reader;
        _status = status;
        _failovers = failovers;
        _intents = intents;
        _pause = pause;
    }

    /// <summary>All parts on one table, unfenced, without channel keys and without logs: for tools and tests of the table contract.</summary>
    public DestinationStore(IAmazonDynamoDB dynamo, StateOptions options, IStreamKeyProvider keys, ISessionRecorder sessions, TimeProvider time)
    {
        var scanner = new DestinationScanner(dynamo, options);
        var cache = new StatusCache();
        var notices = new DestinationNotices();
        var fence = WriteFence.None;
        _reader = new DesiredStateReader(
            scanner,
            new StreamKeyResolver(keys, new StreamKeyVault(), NullLogger<StreamKeyResolver>.Instance),
            cache,
            notices,
            NullLogger<DesiredStateReader>.Instance,
            new LegacyIntentMigration(dynamo, options, time, NullLogger<LegacyIntentMigration>.Instance));
        _status = new DestinationStatusWriter(dynamo, options, cache, notices, fence, time, NullLogger<DestinationStatusWriter>.Instance);
        _failovers = new FailoverRecorder(dynamo, options, sessions, fence, NullLogger<FailoverRecorder>.Instance);
        _intents = new DestinationIntentWriter(dynamo, options, scanner, time, NullLogger<DestinationIntentWriter>.Instance);
        _pause = new ReconcilePauseStore(dynamo, options, time, NullLogger<ReconcilePauseStore>.Instance);
    }

    public Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken) => _reader.ReadAsync(channelId, cancellationToken);

    public Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken) => _status.WriteStatusAsync(status, cancellationToken);

    public Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken) =>
        _failovers.RecordFailoverAsync(channelId, failover, cancellationToken);

    public Task<IntentWriteOutcome> SetDesiredStateAsync(string destinationId, DesiredState state, IntentStamp stamp, CancellationToken cancellationToken) =>
        _intents.SetDesiredStateAsync(destinationId, state, stamp, cancellationToken);

    public Task<int> StopAllAsync(string channelId, IntentStamp stamp, CancellationToken cancellationToken) =>
        _intents.StopAllAsync(channelId, stamp, cancellationToken);

    public Task<IntentWriteOutcome> SetBackupAsync(string destinationId, string backupUrl, string backupKeyParameter, IntentStamp stamp, CancellationToken cancellationToken) =>
        _intents.SetBackupAsync(destinationId, backupUrl, backupKeyParameter, stamp, cancellationToken);

    public Task<IntentWriteOutcome> SetUrlPreferenceAsync(string destinationId, UrlPreference preference, IntentStamp stamp, CancellationToken cancellationToken) =>
        _intents.SetUrlPreferenceAsync(destinationId, preference, stamp, cancellationToken);

    public Task SetReconcilePausedAsync(string channelId, bool paused, IntentStamp stamp, CancellationToken cancellationToken) =>
        _pause.SetReconcilePausedAsync(channelId, paused, stamp, cancellationToken);

    public Task<bool> IsPausedAsync(string channelId, CancellationToken cancellationToken) => _pause.IsPausedAsync(channelId, cancellationToken);
}
