using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.State;

/// <summary>
/// Reads of the whole destinations table, shared: each reconcile used to scan it alone, so N channels starting
/// together cost N full scans (the 500-channel wall in docs/benchmarks.md).
/// </summary>
public sealed class DestinationScanner(IAmazonDynamoDB dynamo, StateOptions options)
{
    private readonly Lock _scanGate = new();
    private TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? _scanInFlight;
    private TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? _scanNext;

    /// <summary>
    /// The whole table, read once for every caller that asks meanwhile. A caller never gets a scan that started before
    /// it asked (it could miss the intent write that triggered it): callers that arrive while a scan runs share the
    /// next one, which starts as soon as the running one ends. So at most one scan runs and one waits.
    /// </summary>
    public Task<List<Dictionary<string, AttributeValue>>> SharedScanAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<List<Dictionary<string, AttributeValue>>> mine;
        var start = false;
        lock (_scanGate)
        {
            if (_scanInFlight is null)
            {
                _scanInFlight = mine = new(TaskCreationOptions.RunContinuationsAsynchronously);
                start = true;
            }
            else
            {
                mine = _scanNext ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (start)
        {
            _ = RunSharedScansAsync(mine);
        }

        // One caller giving up must not cancel the scan the others wait for.
        return mine.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A scan of its own, with an optional projection (for callers that need a few attributes only).</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> ScanProjectedAsync(string? projection, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = options.DestinationsTable,
                    ConsistentRead = true,
                    ProjectionExpression = projection,
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>A record without channel_id belongs to the deployment's default channel.</summary>
    /// <summary>
    /// Null when the record's channel is one this deployment manages; otherwise the record's error. Such a record is
    /// reported by the default channel's read (the channel it would otherwise fall to is never reconciled).
    /// </summary>
    public string? UnmanagedChannelProblem(string? recordChannel) =>
        options.Manages(recordChannel)
            ? null
            // The channel id is repeated only when it looks like one: the field is the UI's text, and could hold anything.
            : $"channel_id {(recordChannel!.Length <= 64 && recordChannel.All(char.IsAsciiLetterOrDigit) ? recordChannel : "(not a channel id)")} is not a channel this deployment manages ({Configuration.ChannelSettings.ChannelIdsVariable}: {string.Join(",", options.ChannelIds.DefaultIfEmpty(options.DefaultChannelId ?? "-"))}); this destination is left alone";

    /// <summary>True for the channel whose read reports records on unmanaged channels.</summary>
    public bool IsDefaultChannel(string channelId) => string.Equals(channelId, options.DefaultChannelId, StringComparison.Ordinal);

    public bool BelongsTo(string? recordChannel, string channelId) =>
        string.Equals(recordChannel ?? options.DefaultChannelId ?? channelId, channelId, StringComparison.Ordinal);

    internal static Dictionary<string, AttributeValue> Key(string destinationId) =>
        new() { [DestinationAttributes.Id] = new AttributeValue { S = destinationId } };

    private async Task RunSharedScansAsync(TaskCompletionSource<List<Dictionary<string, AttributeValue>>>? scan)
    {
        while (scan is not null)
        {
            try
            {
                scan.SetResult(await ScanProjectedAsync(projection: null, CancellationToken.None));
            }
            catch (Exception e)
            {
                scan.SetException(e);
            }

            lock (_scanGate)
            {
                scan = _scanInFlight = _scanNext;
                _scanNext = null;
            }
        }
    }
}
