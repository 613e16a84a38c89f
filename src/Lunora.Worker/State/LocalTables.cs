using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.State;

/// <summary>Creates the four tables with the key schemas the worker expects (tests and the local run script).</summary>
public static class LocalTables
{
    public const string DestinationKey = "destination_id";
    public const string PresetKey = "preset_id";
    public const string SessionKey = "session_id";
    public const string WorkerKey = "pk";

    public static IReadOnlyList<(string Table, string HashKey)> Expected(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            (options.DestinationsTable, DestinationKey),
            (options.PresetsTable, PresetKey),
            (options.SessionsTable, SessionKey),
            (options.WorkerTable, WorkerKey),
        ];
    }

    /// <summary>Creates each missing table (on-demand billing, one string hash key); existing tables are left alone.</summary>
    public static async Task CreateAllAsync(IAmazonDynamoDB dynamo, StateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        foreach (var (table, key) in Expected(options))
        {
            try
            {
                await dynamo.CreateTableAsync(
                    new CreateTableRequest
                    {
                        TableName = table,
                        BillingMode = BillingMode.PAY_PER_REQUEST,
                        AttributeDefinitions = [new AttributeDefinition(key, ScalarAttributeType.S)],
                        KeySchema = [new KeySchemaElement(key, KeyType.HASH)],
                    },
                    cancellationToken);
            }
            catch (ResourceInUseException)
            {
                // Already there: creating is idempotent for the local script.
            }
        }

        foreach (var (table, _) in Expected(options))
        {
            await WaitActiveAsync(dynamo, table, cancellationToken);
        }
    }

    private static async Task WaitActiveAsync(IAmazonDynamoDB dynamo, string table, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var described = await dynamo.DescribeTableAsync(table, cancellationToken);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"table {table} did not become ACTIVE");
    }
}
