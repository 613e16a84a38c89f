using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// Turns the legacy "streaming_status = streaming means on" into desired_state, once per record. The condition makes
/// the UI win a race: if it wrote desired_state meanwhile, this write fails and the item is re-read as the UI left it.
/// </summary>
public sealed partial class LegacyIntentMigration(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    TimeProvider time,
    ILogger<LegacyIntentMigration> logger)
{
    internal async Task<DestinationRecord> MigrateAsync(DestinationRecord record, CancellationToken cancellationToken)
    {
        var desired = DestinationRecordReader.LegacyIntent(record.Stored.Status);
        var desiredText = WireNames.Of(desired);
        try
        {
            var response = await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.DestinationsTable,
                    Key = DestinationScanner.Key(record.Spec.Id),
                    UpdateExpression = "SET #ds = :ds, #dv = if_not_exists(#dv, :zero) + :one, #mig = :now",
                    ConditionExpression = "attribute_exists(#id) AND attribute_not_exists(#ds)",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        ["#id"] = A.Id,
                        ["#ds"] = A.DesiredState,
                        ["#dv"] = A.DesiredVersion,
                        ["#mig"] = A.MigratedAt,
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":ds"] = new() { S = desiredText },
                        [":zero"] = new() { N = "0" },
                        [":one"] = new() { N = "1" },
                        [":now"] = new() { S = DynamoTime.Format(time.GetUtcNow()) },
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken);
            LogMigrated(logger, record.Spec.Id, record.Stored.Status ?? "(none)", desiredText);
            return DestinationRecordReader.Read(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            var current = await dynamo.GetItemAsync(
                new GetItemRequest { TableName = options.DestinationsTable, Key = DestinationScanner.Key(record.Spec.Id), ConsistentRead = true },
                cancellationToken);
            if (current.Item is not { Count: > 0 })
            {
                // Deleted meanwhile: plan it as stopped, which is what a missing record means.
                return record with { Spec = record.Spec with { DesiredState = DesiredState.Stopped } };
            }

            return DestinationRecordReader.Read(current.Item);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Destination {DestinationId} migrated from legacy streaming_status {LegacyStatus} to desired_state {DesiredState}")]
    private static partial void LogMigrated(ILogger logger, string destinationId, string legacyStatus, string desiredState);
}
