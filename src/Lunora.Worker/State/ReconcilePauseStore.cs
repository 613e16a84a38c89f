using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using A = Lunora.Worker.State.DestinationAttributes;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>The observe-only flag of each channel, in the worker table.</summary>
public sealed partial class ReconcilePauseStore(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    TimeProvider time,
    ILogger<ReconcilePauseStore> logger) : IReconcilePauseReader
{
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Pause of channel {ChannelId} from command {CommandId} ignored: a newer command set it")]
    private static partial void LogStalePause(ILogger logger, string channelId, string commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile of channel {ChannelId} paused={Paused} by command {CommandId}")]
    private static partial void LogPauseChanged(ILogger logger, string channelId, bool paused, string commandId);
}
