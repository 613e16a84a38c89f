using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.State;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The worker may write its table, proven without writing: an UpdateItem on a fresh scratch key conditioned on the
/// item already existing. ConditionalCheckFailed means the write was authorised and refused by the condition.
/// </summary>
public sealed class WorkerTableWriteCheck(IAmazonDynamoDB dynamo, StateOptions tables) : IPreflightCheck
{
    public string Name => $"write {tables.WorkerTable}";

    public string Permission => "dynamodb:UpdateItem";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tables.WorkerTable,
                    Key = new() { [LocalTables.WorkerKey] = new AttributeValue("preflight#" + Guid.NewGuid().ToString("N")) },
                    UpdateExpression = "SET preflight_probe = :v",
                    ConditionExpression = "attribute_exists(#pk)",
                    ExpressionAttributeNames = new() { ["#pk"] = LocalTables.WorkerKey },
                    ExpressionAttributeValues = new() { [":v"] = new AttributeValue { BOOL = true } },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return PreflightResult.Pass(Name, "conditional UpdateItem allowed (nothing written)");
        }
        catch (ResourceNotFoundException)
        {
            return PreflightResult.Skip(Name, $"table {tables.WorkerTable} does not exist");
        }

        return PreflightResult.Fail(
            Name,
            "a conditional write on a fresh scratch key succeeded; the table does not honour conditions",
            $"check that {tables.WorkerTable} is a real DynamoDB table");
    }
}
