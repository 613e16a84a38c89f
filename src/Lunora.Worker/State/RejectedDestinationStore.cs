using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// The destinations MediaLive refused, per channel, in the worker table: a restarted worker or a new leader starts
/// with them instead of meeting each refusal again, which on a running channel costs a stop and a start for every other
/// destination. One item per channel, written whole by the leader (fenced); read once per channel per process.
/// </summary>
public sealed class RejectedDestinationStore(IAmazonDynamoDB dynamo, StateOptions options, WriteFence fence)
{
    private const string Destinations = "destinations";

    /// <summary>Destination id to (signature of the refused record, reason).</summary>
    public async Task<IReadOnlyDictionary<string, (string Signature, string Reason)>> LoadAsync(string channelId, CancellationToken cancellationToken)
    {
        var item = (await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = options.WorkerTable,
                Key = Key(channelId),
                ConsistentRead = true,
            },
            cancellationToken)).Item;
        var entries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (id, value) in item?.GetValueOrDefault(Destinations)?.M ?? [])
        {
            if (value.M?.GetValueOrDefault("signature")?.S is { } signature && value.M.GetValueOrDefault("reason")?.S is { } reason)
            {
                entries[id] = (signature, reason);
            }
        }

        return entries;
    }

    public async Task SaveAsync(string channelId, IReadOnlyDictionary<string, (string Signature, string Reason)> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            await dynamo.DeleteItemAsync(fence.Fenced(new DeleteItemRequest { TableName = options.WorkerTable, Key = Key(channelId) }), cancellationToken);
            return;
        }

        var item = Key(channelId);
        item[Destinations] = new AttributeValue
        {
            M = entries.ToDictionary(
                e => e.Key,
                e => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["signature"] = new() { S = e.Value.Signature },
                        ["reason"] = new() { S = e.Value.Reason },
                    },
                },
                StringComparer.Ordinal),
        };
        await dynamo.PutItemAsync(fence.Fenced(new PutItemRequest { TableName = options.WorkerTable, Item = item }), cancellationToken);
    }

    private static Dictionary<string, AttributeValue> Key(string channelId) => new() { [W.Pk] = new() { S = W.Rejected(channelId) } };
}
