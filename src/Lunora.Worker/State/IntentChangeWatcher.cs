using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// Polls the destinations table with a keys-and-versions-only Scan (dynalite has no Streams, and at tens of items a
/// poll is cheap) and publishes <see cref="IntentChanged"/> for every channel whose versions differ from the last
/// poll, plus a full resync of every known channel every <see cref="StateOptions.FullResyncInterval"/>.
/// </summary>
public sealed partial class IntentChangeWatcher(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    IntentChangeFeed feed,
    TimeProvider time,
    ILogger<IntentChangeWatcher> logger) : BackgroundService
{
    private Dictionary<string, string>? _last;
    private DateTimeOffset _lastResync = DateTimeOffset.MinValue;

    /// <summary>One poll; returns the channels it signalled. The background loop calls it every watch interval.</summary>
    public async Task<IReadOnlyList<IntentChanged>> PollAsync(CancellationToken cancellationToken)
    {
        var current = await FingerprintsAsync(cancellationToken);
        var signals = new List<IntentChanged>();
        var now = time.GetUtcNow();
        var resync = now - _lastResync >= options.FullResyncInterval;
        var channels = current.Keys.Union(_last?.Keys ?? Enumerable.Empty<string>(), StringComparer.Ordinal).ToList();
        if (options.DefaultChannelId is { } defaultChannel && !channels.Contains(defaultChannel, StringComparer.Ordinal))
        {
            channels.Add(defaultChannel);
        }

        foreach (var channel in channels)
        {
            var changed = _last is null
                || !string.Equals(current.GetValueOrDefault(channel), _last.GetValueOrDefault(channel), StringComparison.Ordinal);
            if (changed || resync)
            {
                var signal = new IntentChanged(channel, FullResync: !changed);
                feed.Publish(signal);
                signals.Add(signal);
            }
        }

        if (resync)
        {
            _lastResync = now;
        }

        _last = current;
        return signals;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogPollFailed(logger, e);
            }
#pragma warning disable CA1031 // The loop outlives anything one poll throws: a faulted watcher would stop the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // The full resync still reaches every channel; the next poll starts from the last good fingerprints.
                LogPollFailedUnexpectedly(logger, e.GetType().Name, e);
            }

            try
            {
                await Task.Delay(options.WatchInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Per channel, the sorted (id, desired_version, updated_at, desired_state) rows of its destinations: any intent write changes one of them.</summary>
    private async Task<Dictionary<string, string>> FingerprintsAsync(CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = options.DestinationsTable,
                    ProjectionExpression = "#id, #ch, #dv, #ua, #ds",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        ["#id"] = A.Id,
                        ["#ch"] = A.ChannelId,
                        ["#dv"] = A.DesiredVersion,
                        ["#ua"] = A.UpdatedAt,
                        ["#ds"] = A.DesiredState,
                    },
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                var named = item.GetValueOrDefault(A.ChannelId)?.S;
                // A record naming a channel the deployment does not manage is reported by the default channel's run
                // (as that record's error), so it never becomes a channel of its own to reconcile.
                var channel = (options.Manages(named) ? named : null) ?? options.DefaultChannelId ?? named ?? "";
                if (!rows.TryGetValue(channel, out var list))
                {
                    rows[channel] = list = [];
                }

                list.Add(string.Join(
                    '|',
                    item.GetValueOrDefault(A.Id)?.S,
                    item.GetValueOrDefault(A.DesiredVersion)?.N,
                    item.GetValueOrDefault(A.UpdatedAt)?.S,
                    item.GetValueOrDefault(A.DesiredState)?.S));
            }

            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return rows.ToDictionary(
            pair => pair.Key,
            pair => string.Join('\n', pair.Value.Order(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intent poll failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Intent poll failed unexpectedly ({ExceptionType}); retrying")]
    private static partial void LogPollFailedUnexpectedly(ILogger logger, string exceptionType, Exception exception);
}
