using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// Sessions table writer. The open run and open destination intervals are pointed at from the worker table, so a
/// restarted worker keeps appending to the run it crashed in.
/// </summary>
public sealed partial class SessionRecorder(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    TimeProvider time,
    ILogger<SessionRecorder> logger,
    WriteFence? fence = null) : ISessionRecorder
{
    private readonly WriteFence _fence = fence ?? WriteFence.None;

    public const string Kind = "kind";
    public const string ChannelRunKind = "channel_run";
    public const string IntervalKind = "destination_interval";

    /// <summary>A run's failover list stops growing here; later switches are counted in <c>failovers_dropped</c>.</summary>
    public const int MaxFailoversPerRun = 50;

    public Task<string> ChannelStartRequestedAsync(string channelId, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken) =>
        OpenRunAsync(channelId, null, time.GetUtcNow(), destinationIds, cancellationToken);

    public async Task<string> OpenRunAsync(
        string channelId,
        string? reason,
        DateTimeOffset requestedAt,
        IReadOnlyCollection<string> destinationIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationIds);
        if (await CurrentSessionAsync(channelId, cancellationToken) is { } open)
        {
            await AddDestinationsAsync(open, destinationIds, cancellationToken);
            return open;
        }

        var now = requestedAt;
        var sessionId = $"run#{channelId}#{DynamoTime.Format(now)}";
        var item = new Dictionary<string, AttributeValue>
        {
            [LocalTables.SessionKey] = S(sessionId),
            [Kind] = S(ChannelRunKind),
            ["channel_id"] = S(channelId),
            ["start_requested_at"] = S(DynamoTime.Format(now)),
            ["failovers"] = new() { L = [] },
        };
        if (reason is not null)
        {
            item["start_reason"] = S(reason);
        }

        if (destinationIds.Count > 0)
        {
            item["destinations"] = new() { SS = [.. destinationIds.Distinct(StringComparer.Ordinal)] };
        }

        await dynamo.PutItemAsync(
            _fence.Fenced(new PutItemRequest
            {
                TableName = options.SessionsTable,
                Item = item,
                ConditionExpression = "attribute_not_exists(#k)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = LocalTables.SessionKey },
            }),
            cancellationToken);
        await dynamo.PutItemAsync(
            _fence.Fenced(new PutItemRequest
            {
                TableName = options.WorkerTable,
                Item = new Dictionary<string, AttributeValue> { [W.Pk] = S(W.Run(channelId)), [W.SessionId] = S(sessionId) },
            }),
            cancellationToken);
        LogRunOpened(logger, channelId, sessionId);
        return sessionId;
    }

    public Task ChannelRunningAsync(string channelId, CancellationToken cancellationToken) =>
        UpdateRunAsync(channelId, "SET running_at = if_not_exists(running_at, :now)", [], cancellationToken);

    public Task ChannelStopRequestedAsync(string channelId, string reason, CancellationToken cancellationToken) =>
        UpdateRunAsync(
            channelId,
            "SET stop_requested_at = if_not_exists(stop_requested_at, :now), stop_reason = :why",
            new Dictionary<string, AttributeValue> { [":why"] = S(reason) },
            cancellationToken);

    public async Task ChannelIdleAsync(string channelId, CancellationToken cancellationToken)
    {
        var pointer = await GetAsync(options.WorkerTable, W.Pk, W.Run(channelId), cancellationToken);
        if (pointer?.GetValueOrDefault(W.SessionId)?.S is not { } sessionId)
        {
            return;
        }

        foreach (var destinationId in pointer.GetValueOrDefault("open_intervals")?.SS ?? [])
        {
            await DestinationStoppedAsync(channelId, destinationId, "channel idle", cancellationToken);
        }

        var run = await GetAsync(options.SessionsTable, LocalTables.SessionKey, sessionId, cancellationToken);
        var now = time.GetUtcNow();
        var from = DynamoTime.Parse(run?.GetValueOrDefault("running_at")?.S) ?? DynamoTime.Parse(run?.GetValueOrDefault("start_requested_at")?.S) ?? now;
        var seconds = Math.Max(0, (long)(now - from).TotalSeconds);
        var cost = Math.Round(seconds / 3600m * options.CostPerChannelHourUsd, 4);
        await dynamo.UpdateItemAsync(
            _fence.Fenced(new UpdateItemRequest
            {
                TableName = options.SessionsTable,
                Key = new Dictionary<string, AttributeValue> { [LocalTables.SessionKey] = S(sessionId) },
                UpdateExpression = "SET idle_at = :now, channel_seconds = :sec, estimated_cost_usd = :cost, cost_per_hour_usd = :rate",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = S(DynamoTime.Format(now)),
                    [":sec"] = N(seconds),
                    [":cost"] = new() { N = cost.ToString(CultureInfo.InvariantCulture) },
                    [":rate"] = new() { N = options.CostPerChannelHourUsd.ToString(CultureInfo.InvariantCulture) },
                },
            }),
            cancellationToken);
        await DeletePointerAsync(W.Run(channelId), sessionId, cancellationToken);
        LogRunClosed(logger, channelId, sessionId, seconds);
    }

    public async Task DestinationStreamingAsync(string channelId, string destinationId, UrlType? urlType, CancellationToken cancellationToken)
    {
        var pointer = await GetAsync(options.WorkerTable, W.Pk, W.Interval(destinationId), cancellationToken);
        if (pointer is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var intervalId = $"dest#{destinationId}#{DynamoTime.Format(now)}";
        var run = await CurrentSessionAsync(channelId, cancellationToken);
        var item = new Dictionary<string, AttributeValue>
        {
            [LocalTables.SessionKey] = S(intervalId),
            [Kind] = S(IntervalKind),
            ["channel_id"] = S(channelId),
            ["destination_id"] = S(destinationId),
            ["started_at"] = S(DynamoTime.Format(now)),
        };
        if (run is not null)
        {
            item["run_session_id"] = S(run);
        }

        if (urlType is { } type)
        {
            item["url_type"] = S(WireNames.Of(type));
        }

        await dynamo.PutItemAsync(_fence.Fenced(new PutItemRequest { TableName = options.SessionsTable, Item = item }), cancellationToken);
        await dynamo.PutItemAsync(
            _fence.Fenced(new PutItemRequest
            {
                TableName = options.WorkerTable,
                Item = new Dictionary<string, AttributeValue> { [W.Pk] = S(W.Interval(destinationId)), [W.SessionId] = S(intervalId) },
            }),
            cancellationToken);
        if (run is not null)
        {
            await AddDestinationsAsync(run, [destinationId], cancellationToken);
            await UpdateRunPointerAsync(channelId, "ADD open_intervals :d", destinationId, cancellationToken);
        }
    }

    public async Task DestinationStoppedAsync(string channelId, string destinationId, string? reason, CancellationToken cancellationToken)
    {
        var pointer = await GetAsync(options.WorkerTable, W.Pk, W.Interval(destinationId), cancellationToken);
        if (pointer?.GetValueOrDefault(W.SessionId)?.S is not { } intervalId)
        {
            return;
        }

        var interval = await GetAsync(options.SessionsTable, LocalTables.SessionKey, intervalId, cancellationToken);
        var now = time.GetUtcNow();
        var started = DynamoTime.Parse(interval?.GetValueOrDefault("started_at")?.S) ?? now;
        await dynamo.UpdateItemAsync(
            _fence.Fenced(new UpdateItemRequest
            {
                TableName = options.SessionsTable,
                Key = new Dictionary<string, AttributeValue> { [LocalTables.SessionKey] = S(intervalId) },
                UpdateExpression = "SET ended_at = :now, streaming_seconds = :sec, stop_reason = :why",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = S(DynamoTime.Format(now)),
                    [":sec"] = N(Math.Max(0, (long)(now - started).TotalSeconds)),
                    [":why"] = S(reason ?? "stopped"),
                },
            }),
            cancellationToken);
        await DeletePointerAsync(W.Interval(destinationId), intervalId, cancellationToken);
        await UpdateRunPointerAsync(channelId, "DELETE open_intervals :d", destinationId, cancellationToken);
    }

    public async Task FailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failover);
        var entry = new Dictionary<string, AttributeValue>
        {
            ["at"] = S(DynamoTime.Format(failover.At)),
            ["destination_id"] = S(failover.DestinationId),
            ["from"] = S(WireNames.Of(failover.From)),
            ["to"] = S(WireNames.Of(failover.To)),
            ["reason"] = S(failover.Reason),
        };
        if (failover.Evidence is { } evidence)
        {
            entry["evidence"] = S(evidence);
        }

        try
        {
            if (await CurrentSessionAsync(channelId, cancellationToken) is not { } sessionId)
            {
                LogNoOpenRun(logger, channelId);
                return;
            }

            // Bounded: a destination flapping for hours must not grow one item towards DynamoDB's 400 KB limit.
            await dynamo.UpdateItemAsync(
                _fence.Fenced(new UpdateItemRequest
                {
                    TableName = options.SessionsTable,
                    Key = new Dictionary<string, AttributeValue> { [LocalTables.SessionKey] = S(sessionId) },
                    UpdateExpression = "SET failovers = list_append(if_not_exists(failovers, :empty), :entry)",
                    ConditionExpression = "attribute_not_exists(failovers) OR size(failovers) < :max",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":empty"] = new() { L = [] },
                        [":entry"] = new() { L = [new() { M = entry }] },
                        [":max"] = N(MaxFailoversPerRun),
                    },
                }),
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            await CountDroppedFailoverAsync(channelId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // History never blocks control: the switch itself is recorded on the destination; only its history is lost.
            LogHistoryWriteFailed(logger, channelId, "failover", ex.GetType().Name);
        }
    }

    private async Task CountDroppedFailoverAsync(string channelId, CancellationToken cancellationToken)
    {
        try
        {
            await UpdateRunAsync(channelId, "ADD failovers_dropped :one", new Dictionary<string, AttributeValue> { [":one"] = N(1) }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHistoryWriteFailed(logger, channelId, "failover count", ex.GetType().Name);
        }
    }

    public async Task<string?> CurrentSessionAsync(string channelId, CancellationToken cancellationToken)
    {
        var pointer = await GetAsync(options.WorkerTable, W.Pk, W.Run(channelId), cancellationToken);
        return pointer?.GetValueOrDefault(W.SessionId)?.S;
    }

    private async Task UpdateRunAsync(string channelId, string expression, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        if (await CurrentSessionAsync(channelId, cancellationToken) is not { } sessionId)
        {
            LogNoOpenRun(logger, channelId);
            return;
        }

        if (expression.Contains(":now", StringComparison.Ordinal))
        {
            values[":now"] = S(DynamoTime.Format(time.GetUtcNow()));
        }

        await dynamo.UpdateItemAsync(
            _fence.Fenced(new UpdateItemRequest
            {
                TableName = options.SessionsTable,
                Key = new Dictionary<string, AttributeValue> { [LocalTables.SessionKey] = S(sessionId) },
                UpdateExpression = expression,
                ExpressionAttributeValues = values,
            }),
            cancellationToken);
    }

    private Task AddDestinationsAsync(string sessionId, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken) =>
        destinationIds.Count == 0
            ? Task.CompletedTask
            : dynamo.UpdateItemAsync(
                _fence.Fenced(new UpdateItemRequest
                {
                    TableName = options.SessionsTable,
                    Key = new Dictionary<string, AttributeValue> { [LocalTables.SessionKey] = S(sessionId) },
                    UpdateExpression = "ADD destinations :d",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":d"] = new() { SS = [.. destinationIds.Distinct(StringComparer.Ordinal)] },
                    },
                }),
                cancellationToken);

    private async Task UpdateRunPointerAsync(string channelId, string expression, string destinationId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(
                _fence.Fenced(new UpdateItemRequest
                {
                    TableName = options.WorkerTable,
                    Key = new Dictionary<string, AttributeValue> { [W.Pk] = S(W.Run(channelId)) },
                    UpdateExpression = expression,
                    ConditionExpression = "attribute_exists(#pk)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = W.Pk },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":d"] = new() { SS = [destinationId] } },
                }),
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The run closed meanwhile: nothing left to track.
        }
    }

    private async Task DeletePointerAsync(string pk, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(
                _fence.Fenced(new DeleteItemRequest
                {
                    TableName = options.WorkerTable,
                    Key = new Dictionary<string, AttributeValue> { [W.Pk] = S(pk) },
                    ConditionExpression = "#sid = :sid",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#sid"] = W.SessionId },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":sid"] = S(sessionId) },
                }),
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another run already replaced the pointer: leave it.
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string table, string keyName, string key, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = table,
                Key = new Dictionary<string, AttributeValue> { [keyName] = S(key) },
                ConsistentRead = true,
            },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} opened for channel {ChannelId}")]
    private static partial void LogRunOpened(ILogger logger, string channelId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of channel {ChannelId} closed after {ChannelSeconds} channel-seconds")]
    private static partial void LogRunClosed(ILogger logger, string channelId, string sessionId, long channelSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId}: {What} not written to the session history ({ErrorType}); control goes on")]
    private static partial void LogHistoryWriteFailed(ILogger logger, string channelId, string what, string errorType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No open session for channel {ChannelId}; event not recorded in a run")]
    private static partial void LogNoOpenRun(ILogger logger, string channelId);
}
