using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;

namespace Lunora.Worker.Preflight;

/// <summary>
/// A stream key can be read: the first destination that names a key parameter, resolved through the same provider
/// the worker uses. Only whether the key exists is reported, never the value.
/// </summary>
public sealed class StreamKeyCheck(IAmazonDynamoDB dynamo, StateOptions tables, IStreamKeyProvider keys) : IPreflightCheck
{
    private const string KeyAttribute = "stream_key_param";
    private const int MaxPages = 10;

    public string Name => "stream key";

    public string Permission => "dynamodb:Scan on the destinations table, ssm:GetParameter and kms:Decrypt under PARAMETER_STORE_PREFIX";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        (string Destination, string Parameter)? found;
        try
        {
            found = await FirstNamedKeyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            return PreflightResult.Skip(Name, $"table {tables.DestinationsTable} does not exist");
        }

        if (found is not var (destination, parameter))
        {
            return PreflightResult.Pass(Name, "no destination names a key yet");
        }

        string? value;
        try
        {
            value = await keys.GetAsync(parameter, cancellationToken).ConfigureAwait(false);
        }
        catch (StreamKeyParameterRefusedException e)
        {
            return PreflightResult.Fail(
                Name,
                $"destination {destination}: {e.Message}",
                "allow ssm:GetParameter (and kms:Decrypt for SecureString) on PARAMETER_STORE_PREFIX/* for the task role, and keep stream_key_param inside the prefix");
        }

        return value is null
            ? PreflightResult.Fail(
                Name,
                $"destination {destination}: parameter {parameter} does not exist",
                "create the parameter (SecureString) under PARAMETER_STORE_PREFIX, or correct the destination's stream_key_param")
            : PreflightResult.Pass(Name, $"{parameter} readable (destination {destination})");
    }

    private async Task<(string Destination, string Parameter)?> FirstNamedKeyAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = tables.DestinationsTable,
                    ProjectionExpression = "#id, #key",
                    ExpressionAttributeNames = new() { ["#id"] = LocalTables.DestinationKey, ["#key"] = KeyAttribute },
                    Limit = 100,
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (item.TryGetValue(KeyAttribute, out var key) && !string.IsNullOrWhiteSpace(key.S))
                {
                    return (item.TryGetValue(LocalTables.DestinationKey, out var id) ? id.S ?? "?" : "?", key.S);
                }
            }

            start = response.LastEvaluatedKey;
            if (start is null || start.Count == 0)
            {
                break;
            }
        }

        return null;
    }
}
