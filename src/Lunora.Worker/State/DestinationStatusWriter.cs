using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using DestinationStatus = Lunora.Domain.Planning.DestinationStatus;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// Writes a destination's worker-owned status (status, url type, reason, observed version) and its <c>health</c> map
/// (<see cref="DestinationHealthMap"/>, from the health the plan was made with) when either differs from what was last
/// written; conditional on the item existing (never recreates a deleted one) and on the write fence. The health map
/// is compared without its <c>updated_at</c>, so an unchanged look writes nothing; after a restart it is written once.
/// </summary>
public sealed partial class DestinationStatusWriter(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    StatusCache cache,
    DestinationNotices notices,
    WriteFence fence,
    TimeProvider time,
    ILogger<DestinationStatusWriter> logger,
    DestinationHealthBoard? healthBoard = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DestinationHealthMap> _health = new(StringComparer.Ordinal);

    public async Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var next = new StatusSnapshot(
            WireNames.Of(status.Status),
            status.UrlType is { } urlType ? WireNames.Of(urlType) : null,
            notices.Merge(status.DestinationId, status.Reason),
            status.ObservedVersion);
        var previous = cache.TryGet(status.DestinationId, out var cached)
            ? cached
            : await ReadStatusAsync(status.DestinationId, cancellationToken);
        _health.TryGetValue(status.DestinationId, out var previousHealth);
        var health = healthBoard is null
            ? null
            : DestinationHealthMap.From(healthBoard.For(status.DestinationId), status.DestinationId, next.UrlType, next.Status ?? "", next.Reason, previousHealth?.LastError);
        var healthChanged = health is not null && health.Fingerprint != previousHealth?.Fingerprint;
        if (previous == next && !healthChanged)
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
        if (healthChanged)
        {
            names["#h"] = A.Health;
            values[":h"] = health!.ToAttribute(time.GetUtcNow());
            set.Add("#h = :h");
        }

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
                fence.Fenced(new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = DestinationScanner.Key(status.DestinationId),
                    UpdateExpression = expression,
                    ConditionExpression = "attribute_exists(#id)",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                }),
                cancellationToken);
            cache.Set(status.DestinationId, next);
            if (healthChanged)
            {
                _health[status.DestinationId] = health!;
            }
            if (previous?.Status != next.Status)
            {
                LogStatusChanged(logger, status.DestinationId, previous?.Status ?? "(none)", next.Status ?? "", next.Reason ?? "");
            }
        }
        catch (ConditionalCheckFailedException)
        {
            // Deleted by the UI meanwhile (never recreate it), or a newer leader wrote it: either way not ours to write.
            cache.Forget(status.DestinationId);
            _health.TryRemove(status.DestinationId, out _);
            LogStatusNotWritten(logger, status.DestinationId, fence.Token ?? 0);
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

    private async Task<StatusSnapshot?> ReadStatusAsync(string destinationId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = options.DestinationsTable, Key = DestinationScanner.Key(destinationId), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? DestinationRecordReader.Read(item).Stored : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Destination {DestinationId} status {From} -> {To} {Reason}")]
    private static partial void LogStatusChanged(ILogger logger, string destinationId, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Destination {DestinationId} status not written: the record is gone or a leader newer than fencing token {FencingToken} wrote it")]
    private static partial void LogStatusNotWritten(ILogger logger, string destinationId, long fencingToken);
}
