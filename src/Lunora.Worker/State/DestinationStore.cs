using System.Collections.Concurrent;
using System.Collections.Immutable;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using DestinationStatus = Lunora.Domain.Planning.DestinationStatus;
using A = Lunora.Worker.State.DestinationAttributes;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// The destinations table (docs/dynamodb-contract.md). Reads intent tolerantly, writes back only worker-owned
/// attributes, migrates legacy records once, and applies command intents with stamped conditional writes.
/// </summary>
public sealed partial class DestinationStore(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    IStreamKeyProvider keys,
    ISessionRecorder sessions,
    TimeProvider time,
    ILogger<DestinationStore> logger) : IDesiredStateStore, IIntentWriter, IReconcilePauseReader
{
    private const string IntentCondition = "attribute_exists(#id) AND (attribute_not_exists(#iat) OR #iat <= :iat)";

    private readonly ConcurrentDictionary<string, StatusSnapshot> _lastStatus = new(StringComparer.Ordinal);
    private readonly Lock _scanGate = new();
    private TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? _scanInFlight;
    private TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? _scanNext;

    public async Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var destinations = ImmutableArray.CreateBuilder<DestinationSpec>();
        var fingerprints = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var item in await SharedScanAsync(cancellationToken))
        {
            var record = DestinationRecordReader.Read(item);
            if (record.Spec.Id.Length > 0 && !options.Manages(record.ChannelId))
            {
                if (string.Equals(channelId, options.DefaultChannelId, StringComparison.Ordinal))
                {
                    _lastStatus[record.Spec.Id] = record.Stored;
                    destinations.Add(record.Spec with { RecordProblem = UnmanagedChannel(record.ChannelId!) });
                }

                continue;
            }

            if (!BelongsTo(record.ChannelId, channelId) || record.Spec.Id.Length == 0)
            {
                continue;
            }

            if (!record.HasDesiredState)
            {
                record = await MigrateLegacyAsync(record, cancellationToken);
            }

            _lastStatus[record.Spec.Id] = record.Stored;
            destinations.Add(await ResolveKeysAsync(record.Spec, fingerprints, cancellationToken));
        }

        return new DesiredChannel(channelId, destinations.ToImmutable());
    }

    public async Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var next = new StatusSnapshot(
            WireNames.Of(status.Status),
            status.UrlType is { } urlType ? WireNames.Of(urlType) : null,
            status.Reason,
            status.ObservedVersion);
        var previous = _lastStatus.TryGetValue(status.DestinationId, out var cached)
            ? cached
            : await ReadStatusAsync(status.DestinationId, cancellationToken);
        if (previous == next)
        {
            return;
        }

        var now = DynamoTime.Format(time.GetUtcNow());
        var names = new Dictionary<string, string>
        {
            ["#id"] = A.Id,
            ["#st"] = A.StreamingStatus,
            ["#ov"] = A.ObservedVersion,
            ["#url"] = A.CurrentUrlType,
            ["#why"] = A.StatusReason,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":st"] = new() { S = next.Status },
            [":ov"] = new() { N = status.ObservedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        var set = new List<string> { "#st = :st", "#ov = :ov" };
        var remove = new List<string>();
        AddOrRemove("#url", ":url", next.UrlType);
        AddOrRemove("#why", ":why", next.Reason);

        if (previous?.Status != next.Status)
        {
            names["#lt"] = A.LastTransitionAt;
            values[":now"] = new() { S = now };
            set.Add("#lt = :now");
            if (status.Status == DestinationStatus.Streaming)
            {
                names["#sa"] = A.StreamingStartedAt;
                set.Add("#sa = :now");
            }
        }

        var expression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : "");
        try
        {
            await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = Key(status.DestinationId),
                    UpdateExpression = expression,
                    ConditionExpression = "attribute_exists(#id)",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken);
            _lastStatus[status.DestinationId] = next;
            if (previous?.Status != next.Status)
            {
                LogStatusChanged(logger, status.DestinationId, previous?.Status ?? "(none)", next.Status ?? "", next.Reason ?? "");
            }
        }
        catch (ConditionalCheckFailedException)
        {
            // Deleted by the UI meanwhile: nothing to report on, and never recreate it.
            _lastStatus.TryRemove(status.DestinationId, out _);
            LogStatusTargetGone(logger, status.DestinationId);
        }

        void AddOrRemove(string name, string placeholder, string? value)
        {
            if (value is null)
            {
                remove.Add(name);
            }
            else
            {
                values[placeholder] = new() { S = value };
                set.Add($"{name} = {placeholder}");
            }
        }
    }

    public async Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failover);
        var entry = new AttributeValue
        {
            M = new Dictionary<string, AttributeValue>
            {
                ["at"] = new() { S = DynamoTime.Format(failover.At) },
                ["from"] = new() { S = WireNames.Of(failover.From) },
                ["to"] = new() { S = WireNames.Of(failover.To) },
                ["reason"] = new() { S = failover.Reason },
            },
        };
        try
        {
            var updated = await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = Key(failover.DestinationId),
                    UpdateExpression = "SET #rf = list_append(if_not_exists(#rf, :empty), :entry)",
                    ConditionExpression = "attribute_exists(#id)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = A.Id, ["#rf"] = A.RecentFailovers },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":empty"] = new() { L = [] },
                        [":entry"] = new() { L = [entry] },
                    },
                    ReturnValues = ReturnValue.UPDATED_NEW,
                },
                cancellationToken);
            await TrimFailoversAsync(failover.DestinationId, updated.Attributes, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            LogStatusTargetGone(logger, failover.DestinationId);
        }

        await sessions.FailoverAsync(channelId, failover, cancellationToken);
    }

    public Task<IntentWriteOutcome> SetDesiredStateAsync(string destinationId, DesiredState state, IntentStamp stamp, CancellationToken cancellationToken) =>
        WriteIntentAsync(
            destinationId,
            stamp,
            "#ds = :ds",
            new Dictionary<string, string> { ["#ds"] = A.DesiredState },
            new Dictionary<string, AttributeValue> { [":ds"] = new() { S = WireNames.Of(state) } },
            cancellationToken);

    public async Task<int> StopAllAsync(string channelId, IntentStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        var changed = 0;
        var items = await ScanAsync($"{A.Id}, {A.ChannelId}, {A.DesiredState}, {A.StreamingStatus}", cancellationToken);
        foreach (var item in items)
        {
            var record = DestinationRecordReader.Read(item);
            if (!BelongsTo(record.ChannelId, channelId) || record.Spec.Id.Length == 0)
            {
                continue;
            }

            var wasStreaming = record.Spec.DesiredState == DesiredState.Streaming || !record.HasDesiredState;
            if (wasStreaming
                && await SetDesiredStateAsync(record.Spec.Id, DesiredState.Stopped, stamp, cancellationToken) == IntentWriteOutcome.Applied)
            {
                changed++;
            }
        }

        return changed;
    }

    public Task<IntentWriteOutcome> SetBackupAsync(string destinationId, string backupUrl, string backupKeyParameter, IntentStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backupUrl);
        ArgumentNullException.ThrowIfNull(backupKeyParameter);
        return WriteIntentAsync(
            destinationId,
            stamp,
            "#bu = :bu, #bk = :bk",
            new Dictionary<string, string> { ["#bu"] = A.BackupRtmpUrl, ["#bk"] = A.BackupStreamKeyParam },
            new Dictionary<string, AttributeValue> { [":bu"] = new() { S = backupUrl }, [":bk"] = new() { S = backupKeyParameter } },
            cancellationToken);
    }

    public Task<IntentWriteOutcome> SetUrlPreferenceAsync(string destinationId, UrlPreference preference, IntentStamp stamp, CancellationToken cancellationToken) =>
        WriteIntentAsync(
            destinationId,
            stamp,
            "#up = :up",
            new Dictionary<string, string> { ["#up"] = A.UrlPreference },
            new Dictionary<string, AttributeValue> { [":up"] = new() { S = WireNames.Of(preference) } },
            cancellationToken);

    public async Task SetReconcilePausedAsync(string channelId, bool paused, IntentStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        try
        {
            await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.WorkerTable,
                    Key = new Dictionary<string, AttributeValue> { [W.Pk] = new() { S = W.Control(channelId) } },
                    UpdateExpression = "SET #p = :p, #ua = :now, #cid = :cid, #iat = :iat",
                    ConditionExpression = "attribute_not_exists(#iat) OR #iat <= :iat",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        ["#p"] = W.Paused,
                        ["#ua"] = W.UpdatedAt,
                        ["#cid"] = A.IntentCommandId,
                        ["#iat"] = A.IntentIssuedAt,
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":p"] = new() { BOOL = paused },
                        [":now"] = new() { S = DynamoTime.Format(time.GetUtcNow()) },
                        [":cid"] = new() { S = stamp.CommandId },
                        [":iat"] = new() { N = DynamoTime.EpochMillis(stamp.IssuedAt) },
                    },
                },
                cancellationToken);
            LogPauseChanged(logger, channelId, paused, stamp.CommandId);
        }
        catch (ConditionalCheckFailedException)
        {
            LogStalePause(logger, channelId, stamp.CommandId);
        }
    }

    public async Task<bool> IsPausedAsync(string channelId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = options.WorkerTable,
                Key = new Dictionary<string, AttributeValue> { [W.Pk] = new() { S = W.Control(channelId) } },
                ConsistentRead = true,
            },
            cancellationToken);
        return response.Item is { } item && item.TryGetValue(W.Paused, out var value) && value.BOOL == true;
    }

    private async Task<IntentWriteOutcome> WriteIntentAsync(
        string destinationId,
        IntentStamp stamp,
        string set,
        Dictionary<string, string> names,
        Dictionary<string, AttributeValue> values,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationId);
        names["#id"] = A.Id;
        names["#dv"] = A.DesiredVersion;
        names["#ua"] = A.UpdatedAt;
        names["#cid"] = A.IntentCommandId;
        names["#iat"] = A.IntentIssuedAt;
        values[":zero"] = new() { N = "0" };
        values[":one"] = new() { N = "1" };
        values[":now"] = new() { S = DynamoTime.Format(time.GetUtcNow()) };
        values[":cid"] = new() { S = stamp.CommandId };
        values[":iat"] = new() { N = DynamoTime.EpochMillis(stamp.IssuedAt) };
        try
        {
            await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = Key(destinationId),
                    UpdateExpression = $"SET {set}, #dv = if_not_exists(#dv, :zero) + :one, #ua = :now, #cid = :cid, #iat = :iat",
                    ConditionExpression = IntentCondition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken);
            return IntentWriteOutcome.Applied;
        }
        catch (ConditionalCheckFailedException)
        {
            // dynalite ignores ReturnValuesOnConditionCheckFailure: one read tells "missing" from "newer stamp".
            var existing = await dynamo.GetItemAsync(
                new GetItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = Key(destinationId),
                    ProjectionExpression = A.Id,
                    ConsistentRead = true,
                },
                cancellationToken);
            if (existing.Item is not { Count: > 0 })
            {
                return IntentWriteOutcome.UnknownDestination;
            }

            LogStaleIntent(logger, destinationId, stamp.CommandId);
            return IntentWriteOutcome.Stale;
        }
    }

    /// <summary>
    /// Turns the legacy "streaming_status = streaming means on" into desired_state, once. The condition makes the UI
    /// win a race: if it wrote desired_state meanwhile, this write fails and the item is re-read as the UI left it.
    /// </summary>
    private async Task<DestinationRecord> MigrateLegacyAsync(DestinationRecord record, CancellationToken cancellationToken)
    {
        var desired = DestinationRecordReader.LegacyIntent(record.Stored.Status);
        var desiredText = WireNames.Of(desired);
        try
        {
            var response = await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = Key(record.Spec.Id),
                    UpdateExpression = "SET #ds = :ds, #dv = if_not_exists(#dv, :zero) + :one, #mig = :now",
                    ConditionExpression = "attribute_exists(#id) AND attribute_not_exists(#ds)",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        ["#id"] = A.Id,
                        ["#ds"] = A.DesiredState,
                        ["#dv"] = A.DesiredVersion,
                        ["#mig"] = A.MigratedAt,
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":ds"] = new() { S = desiredText },
                        [":zero"] = new() { N = "0" },
                        [":one"] = new() { N = "1" },
                        [":now"] = new() { S = DynamoTime.Format(time.GetUtcNow()) },
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken);
            LogMigrated(logger, record.Spec.Id, record.Stored.Status ?? "(none)", desiredText);
            return DestinationRecordReader.Read(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            var current = await dynamo.GetItemAsync(
                new GetItemRequest { TableName = options.DestinationsTable, Key = Key(record.Spec.Id), ConsistentRead = true },
                cancellationToken);
            if (current.Item is not { Count: > 0 })
            {
                // Deleted meanwhile: plan it as stopped, which is what a missing record means.
                return record with { Spec = record.Spec with { DesiredState = DesiredState.Stopped } };
            }

            return DestinationRecordReader.Read(current.Item);
        }
    }

    private async Task<DestinationSpec> ResolveKeysAsync(DestinationSpec spec, Dictionary<string, string?> fingerprints, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (spec.RecordProblem is { } existing)
        {
            problems.Add(existing);
        }

        var primary = await ResolveAsync(spec.Primary, "stream key parameter");
        var backup = await ResolveAsync(spec.Backup, "backup stream key parameter");
        return spec with
        {
            Primary = primary,
            Backup = backup,
            RecordProblem = problems.Count > 0 ? string.Join("; ", problems) : null,
        };

        async Task<EndpointSpec?> ResolveAsync(EndpointSpec? endpoint, string label)
        {
            if (endpoint?.KeyParameter is not { Length: > 0 } name || string.IsNullOrWhiteSpace(name))
            {
                return endpoint;
            }

            if (!fingerprints.TryGetValue(name, out var fingerprint))
            {
                try
                {
                    var key = await keys.GetAsync(name, cancellationToken);
                    fingerprint = key is null ? null : StreamKeyFingerprint.Of(key);
                    if (key is null)
                    {
                        problems.Add($"{label} {name} not found");
                    }
                }
                catch (StreamKeyParameterRefusedException e)
                {
                    fingerprint = null;
                    problems.Add(e.Message.StartsWith("stream key parameter", StringComparison.Ordinal) && label.StartsWith("backup", StringComparison.Ordinal)
                        ? "backup " + e.Message
                        : e.Message);
                }

                fingerprints[name] = fingerprint;
            }
            else if (fingerprint is null)
            {
                problems.Add($"{label} {name} not found");
            }

            return endpoint with { KeyFingerprint = fingerprint };
        }
    }

    private async Task TrimFailoversAsync(string destinationId, Dictionary<string, AttributeValue>? updated, CancellationToken cancellationToken)
    {
        var count = updated is not null && updated.TryGetValue(A.RecentFailovers, out var list) ? list.L?.Count ?? 0 : 0;
        var excess = count - options.FailoverMemory;
        if (excess <= 0)
        {
            return;
        }

        // Oldest entries first: REMOVE by index keeps the memory bounded without a read-modify-write.
        var indexes = string.Join(", ", Enumerable.Range(0, excess).Select(i => $"#rf[{i}]"));
        await dynamo.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = options.DestinationsTable,
                Key = Key(destinationId),
                UpdateExpression = "REMOVE " + indexes,
                ConditionExpression = "attribute_exists(#id)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = A.Id, ["#rf"] = A.RecentFailovers },
            },
            cancellationToken);
    }

    private async Task<StatusSnapshot?> ReadStatusAsync(string destinationId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = options.DestinationsTable, Key = Key(destinationId), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? DestinationRecordReader.Read(item).Stored : null;
    }

    /// <summary>
    /// The whole table, read once for every reconcile that asks meanwhile: each reconcile used to scan it alone, so N
    /// channels starting together cost N full scans (the 500-channel wall in docs/benchmarks.md). A caller never gets
    /// a scan that started before it asked (it could miss the intent write that triggered it): callers that arrive
    /// while a scan runs share the next one, which starts as soon as the running one ends. So at most one scan runs
    /// and one waits, whatever the number of callers.
    /// </summary>
    private Task<List<Dictionary<string, AttributeValue>>> SharedScanAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<List<Dictionary<string, AttributeValue>>> mine;
        var start = false;
        lock (_scanGate)
        {
            if (_scanInFlight is null)
            {
                _scanInFlight = mine = new(TaskCreationOptions.RunContinuationsAsynchronously);
                start = true;
            }
            else
            {
                mine = _scanNext ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (start)
        {
            _ = RunSharedScansAsync(mine);
        }

        // One caller giving up must not cancel the scan the others wait for.
        return mine.Task.WaitAsync(cancellationToken);
    }

    private async Task RunSharedScansAsync(TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? scan)
    {
        while (scan is not null)
        {
            try
            {
                scan.SetResult(await ScanAsync(projection: null, CancellationToken.None));
            }
            catch (Exception e)
            {
                scan.SetException(e);
            }

            lock (_scanGate)
            {
                scan = _scanInFlight = _scanNext;
                _scanNext = null;
            }
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string? projection, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = options.DestinationsTable,
                    ConsistentRead = true,
                    ProjectionExpression = projection,
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    // The channel id is repeated only when it looks like one: the field is the UI's text, and could hold anything.
    private string UnmanagedChannel(string recordChannel) =>
        $"channel_id {(recordChannel.Length <= 64 && recordChannel.All(char.IsAsciiLetterOrDigit) ? recordChannel : "(not a channel id)")} is not a channel this deployment manages ({Configuration.ChannelSettings.ChannelIdsVariable}: {string.Join(",", options.ChannelIds.DefaultIfEmpty(options.DefaultChannelId ?? "-"))}); this destination is left alone";

    internal bool BelongsTo(string? recordChannel, string channelId) =>
        string.Equals(recordChannel ?? options.DefaultChannelId ?? channelId, channelId, StringComparison.Ordinal);

    private static Dictionary<string, AttributeValue> Key(string destinationId) =>
        new() { [A.Id] = new AttributeValue { S = destinationId } };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Destination {DestinationId} status {From} -> {To} {Reason}")]
    private static partial void LogStatusChanged(ILogger logger, string destinationId, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Destination {DestinationId} no longer exists; status not written")]
    private static partial void LogStatusTargetGone(ILogger logger, string destinationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destination {DestinationId} migrated from legacy streaming_status {LegacyStatus} to desired_state {DesiredState}")]
    private static partial void LogMigrated(ILogger logger, string destinationId, string legacyStatus, string desiredState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intent for {Target} from command {CommandId} ignored: the record holds a newer command")]
    private static partial void LogStaleIntent(ILogger logger, string target, string commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pause of channel {ChannelId} from command {CommandId} ignored: a newer command set it")]
    private static partial void LogStalePause(ILogger logger, string channelId, string commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile of channel {ChannelId} paused={Paused} by command {CommandId}")]
    private static partial void LogPauseChanged(ILogger logger, string channelId, bool paused, string commandId);
}
