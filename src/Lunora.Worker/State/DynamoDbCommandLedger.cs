using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>Processed-command records in the worker table: a conditional put that only an expired record lets through.</summary>
public sealed class DynamoDbCommandLedger(IAmazonDynamoDB dynamo, StateOptions options) : ICommandLedger
{
    public async Task<bool> TryMarkCommandProcessedAsync(string commandId, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        try
        {
            await dynamo.PutItemAsync(
                new PutItemRequest
                {
                    TableName = options.WorkerTable,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [W.Pk] = new() { S = W.Command(commandId) },
                        ["processed_at"] = new() { S = DynamoTime.Format(now) },
                        // Epoch seconds: the attribute real DynamoDB TTL is configured on; dynalite never expires it.
                        [W.ExpiresAt] = new() { N = DynamoTime.EpochSeconds(now + ttl) },
                    },
                    ConditionExpression = "attribute_not_exists(#pk) OR #exp < :now",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = W.Pk, ["#exp"] = W.ExpiresAt },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = new() { N = DynamoTime.EpochSeconds(now) } },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public Task ForgetCommandAsync(string commandId, CancellationToken cancellationToken) =>
        dynamo.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = options.WorkerTable,
                Key = new Dictionary<string, AttributeValue> { [W.Pk] = new() { S = W.Command(commandId) } },
            },
            cancellationToken);
}
