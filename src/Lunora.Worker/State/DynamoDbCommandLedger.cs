using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Commands;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// The processed-commands ledger in the worker table: <c>command#&lt;id&gt;</c> with <c>status</c> claimed|processed,
/// <c>expires_at</c> (epoch ms, judged against the injected clock: dynalite has no TTL and DynamoDB deletes lazily) and
/// <c>expires_at_epoch</c> (epoch seconds, the attribute real DynamoDB's TTL is enabled on). See docs/dynamodb-contract.md.
/// </summary>
public sealed class DynamoDbCommandLedger(IAmazonDynamoDB dynamo, StateOptions options) : ICommandLedger
{
    public const string Claimed = "claimed";
    public const string Processed = "processed";
    public const string StatusAttribute = "status";
    public const string ClaimTokenAttribute = "claim_token";
    public const string ClaimedAtAttribute = "claimed_at";
    public const string ProcessedAtAttribute = "processed_at";

    /// <summary>Epoch seconds: what the CloudFormation template enables TTL on (<c>expires_at</c> is epoch ms, like the lease's).</summary>
    public const string ExpiresAtEpochAttribute = "expires_at_epoch";

    // A claim may be lost to expiry and re-taken, even by this process: the token is what makes a release ours.
    private readonly ConcurrentDictionary<string, string> _claimTokens = new(StringComparer.Ordinal);

    public async Task<LedgerClaim> TryClaimAsync(string commandId, DateTimeOffset now, TimeSpan claimFor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);

        // The second attempt covers a record that expired or was released between our write and our read.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var token = Guid.NewGuid().ToString("N");
            var item = Record(commandId, Claimed, now, claimFor);
            item[ClaimTokenAttribute] = new() { S = token };
            item[ClaimedAtAttribute] = new() { S = DynamoTime.Format(now) };
            item[W.Holder] = new() { S = options.HolderId };
            try
            {
                await dynamo.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = options.WorkerTable,
                        Item = item,
                        ConditionExpression = "attribute_not_exists(#pk) OR #exp < :now",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = W.Pk, ["#exp"] = W.ExpiresAt },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = new() { N = DynamoTime.EpochMillis(now) } },
                    },
                    cancellationToken);
                _claimTokens[commandId] = token;
                return LedgerClaim.Claimed;
            }
            catch (ConditionalCheckFailedException)
            {
                // dynalite ignores ReturnValuesOnConditionCheckFailure: one consistent read says which record won.
                var existing = await ReadAsync(commandId, cancellationToken);
                if (existing is { } record && ExpiresAt(record) >= now.ToUnixTimeMilliseconds())
                {
                    return record.TryGetValue(StatusAttribute, out var status) && status.S == Processed
                        ? LedgerClaim.AlreadyProcessed
                        : LedgerClaim.InProgressElsewhere;
                }
            }
        }

        return LedgerClaim.InProgressElsewhere;
    }

    /// <summary>
    /// Unconditional on purpose: it is called only after the intent write succeeded, so the command is processed whoever
    /// holds the claim now. Overwriting another consumer's claim (ours expired meanwhile) only spares it a second write.
    /// </summary>
    public async Task MarkProcessedAsync(string commandId, DateTimeOffset now, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        var item = Record(commandId, Processed, now, keepFor);
        item[ProcessedAtAttribute] = new() { S = DynamoTime.Format(now) };
        await dynamo.PutItemAsync(new PutItemRequest { TableName = options.WorkerTable, Item = item }, cancellationToken);
        _claimTokens.TryRemove(commandId, out _);
    }

    public async Task ReleaseAsync(string commandId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        if (!_claimTokens.TryRemove(commandId, out var token))
        {
            return;
        }

        try
        {
            await dynamo.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = options.WorkerTable,
                    Key = Key(commandId),
                    ConditionExpression = "#st = :claimed AND #tok = :tok",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#st"] = StatusAttribute, ["#tok"] = ClaimTokenAttribute },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":claimed"] = new() { S = Claimed },
                        [":tok"] = new() { S = token },
                    },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Processed meanwhile, or our claim expired and another consumer took it: not ours to drop.
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string commandId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = options.WorkerTable, Key = Key(commandId), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static long ExpiresAt(Dictionary<string, AttributeValue> record) =>
        record.TryGetValue(W.ExpiresAt, out var value)
        && long.TryParse(value.N, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var millis)
            ? millis
            : long.MinValue;

    private static Dictionary<string, AttributeValue> Record(string commandId, string status, DateTimeOffset now, TimeSpan lifetime)
    {
        var expires = now + lifetime;
        return new Dictionary<string, AttributeValue>
        {
            [W.Pk] = new() { S = W.Command(commandId) },
            [StatusAttribute] = new() { S = status },
            [W.ExpiresAt] = new() { N = DynamoTime.EpochMillis(expires) },
            // Rounded up so real DynamoDB never deletes a record before its own expires_at says it expired.
            [ExpiresAtEpochAttribute] = new() { N = DynamoTime.EpochSeconds(expires.AddSeconds(1)) },
        };
    }

    private static Dictionary<string, AttributeValue> Key(string commandId) =>
        new() { [W.Pk] = new AttributeValue { S = W.Command(commandId) } };
}
