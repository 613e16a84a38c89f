using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>A destination's memory of recent automatic switches (flap damping), bounded, fenced, plus the session history.</summary>
public sealed partial class FailoverRecorder(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    ISessionRecorder sessions,
    WriteFence fence,
    ILogger<FailoverRecorder> logger)
{
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
                fence.Fenced(new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = DestinationScanner.Key(failover.DestinationId),
                    UpdateExpression = "SET #rf = list_append(if_not_exists(#rf, :empty), :entry)",
                    ConditionExpression = "attribute_exists(#id)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = A.Id, ["#rf"] = A.RecentFailovers },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":empty"] = new() { L = [] },
                        [":entry"] = new() { L = [entry] },
                    },
                    ReturnValues = ReturnValue.UPDATED_NEW,
                }),
                cancellationToken);
            await TrimFailoversAsync(failover.DestinationId, updated.Attributes, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The session write below is fenced on its own.
            LogNotRecorded(logger, failover.DestinationId, fence.Token ?? 0);
        }

        await sessions.FailoverAsync(channelId, failover, cancellationToken);
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
            fence.Fenced(new UpdateItemRequest
            {
                TableName = options.DestinationsTable,
                Key = DestinationScanner.Key(destinationId),
                UpdateExpression = "REMOVE " + indexes,
                ConditionExpression = "attribute_exists(#id)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = A.Id, ["#rf"] = A.RecentFailovers },
            }),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Failover of destination {DestinationId} not recorded: the record is gone or a leader newer than fencing token {FencingToken} wrote it")]
    private static partial void LogNotRecorded(ILogger logger, string destinationId, long fencingToken);
}
