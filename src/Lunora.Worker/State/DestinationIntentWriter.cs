using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>Intent writes on behalf of commands: stamped, conditional, never older than what the record holds.</summary>
public sealed partial class DestinationIntentWriter(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    DestinationScanner scanner,
    TimeProvider time,
    ILogger<DestinationIntentWriter> logger)
{
    private const string IntentCondition = "attribute_exists(#id) AND (attribute_not_exists(#iat) OR #iat <= :iat)";

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
        var items = await scanner.ScanProjectedAsync($"{A.Id}, {A.ChannelId}, {A.DesiredState}, {A.StreamingStatus}", cancellationToken);
        foreach (var item in items)
        {
            var record = DestinationRecordReader.Read(item);
            if (!scanner.BelongsTo(record.ChannelId, channelId) || record.Spec.Id.Length == 0)
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
                    Key = DestinationScanner.Key(destinationId),
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
                    Key = DestinationScanner.Key(destinationId),
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Intent for {Target} from command {CommandId} ignored: the record holds a newer command")]
    private static partial void LogStaleIntent(ILogger logger, string target, string commandId);
}
