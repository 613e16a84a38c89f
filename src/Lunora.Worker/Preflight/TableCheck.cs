using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.Preflight;

/// <summary>The table exists, is usable, and is keyed by exactly the one string hash key the worker reads and writes.</summary>
/// <param name="createdByStack">Missing is <see cref="PreflightStatus.Later"/>, not a failure (<c>check --before-deploy</c> on a table the stack creates).</param>
public sealed class TableCheck(IAmazonDynamoDB dynamo, string setting, string table, string hashKey, bool createdByStack = false) : IPreflightCheck
{
    public string Name => $"table {table}";

    public string Permission => "dynamodb:DescribeTable";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        TableDescription described;
        try
        {
            described = (await dynamo.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table;
        }
        catch (ResourceNotFoundException) when (createdByStack)
        {
            return PreflightResult.Later(Name, $"table {table}");
        }
        catch (ResourceNotFoundException)
        {
            return PreflightResult.Fail(
                Name,
                $"table {table} does not exist",
                $"create it (hash key {hashKey}, string) or point {setting} at the right table");
        }

        var keys = described.KeySchema ?? [];
        var hash = keys.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var range = keys.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        var type = (described.AttributeDefinitions ?? []).FirstOrDefault(a => a.AttributeName == hash)?.AttributeType;
        if (hash != hashKey || range is not null || (type is not null && type != ScalarAttributeType.S))
        {
            var actual = $"hash key {hash ?? "none"}{(type is null ? "" : $" ({type.Value})")}{(range is null ? "" : $", range key {range}")}";
            return PreflightResult.Fail(
                Name,
                $"table {table} has {actual}; Lunora expects only hash key {hashKey} (S)",
                $"point {setting} at the Lunora table, or recreate {table} with hash key {hashKey} (string) and no range key");
        }

        if (described.TableStatus is { } status && status != TableStatus.ACTIVE && status != TableStatus.UPDATING)
        {
            return PreflightResult.Fail(Name, $"table {table} is {status.Value}", $"wait until {table} is ACTIVE");
        }

        return PreflightResult.Pass(Name, $"hash key {hashKey}");
    }
}
