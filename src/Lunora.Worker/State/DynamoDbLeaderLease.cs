using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using W = Lunora.Worker.State.WorkerAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// The single-writer lease: one item in the worker table, taken and renewed with conditional writes. Whether this
/// instance holds it is judged locally against the expiry it last wrote (minus a safety margin), so checking is free
/// and a renew that blocks or fails means "not held" once that time passes, with no call needed to notice.
/// </summary>
public sealed partial class DynamoDbLeaderLease(
    IAmazonDynamoDB dynamo,
    StateOptions options,
    TimeProvider time,
    ILogger<DynamoDbLeaderLease> logger) : BackgroundService, ILeaderLease
{
    private readonly Lock _gate = new();
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;
    private long _token;
    private bool _roleKnown;
    private CancellationTokenSource? _tenure;

    public string HolderId => options.HolderId;

    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return time.GetUtcNow() + options.LeaseSafetyMargin < _heldUntil;
            }
        }
    }

    public long FencingToken
    {
        get
        {
            lock (_gate)
            {
                return _token;
            }
        }
    }

    public bool RoleKnown => Volatile.Read(ref _roleKnown);

    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                // Compared before subtracting: _heldUntil is MinValue when never held.
                var until = time.GetUtcNow() + options.LeaseSafetyMargin;
                return until < _heldUntil ? _heldUntil - until : TimeSpan.Zero;
            }
        }
    }

    public CancellationToken TenureToken
    {
        get
        {
            lock (_gate)
            {
                return _tenure is { } tenure && time.GetUtcNow() + options.LeaseSafetyMargin < _heldUntil
                    ? tenure.Token
                    : new CancellationToken(canceled: true);
            }
        }
    }

    /// <summary>The holder another instance reported when this one last failed to take the lease.</summary>
    public string? LastKnownHolder { get; private set; }

    /// <summary>One acquire-or-renew step; the background loop calls it every renew interval. Returns <see cref="IsHeld"/>.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiry = now + options.LeaseDuration;
        bool believedHeld;
        long token;
        lock (_gate)
        {
            // Renew only while the lease is still ours by the clock; after that, someone may have taken it over.
            believedHeld = now < _heldUntil;
            token = _token;
        }

        try
        {
            CancellationTokenSource? ended;
            if (believedHeld)
            {
                await RenewAsync(token, expiry, cancellationToken);
                lock (_gate)
                {
                    _heldUntil = expiry;
                    ended = ExtendTenure(expiry);
                }
            }
            else
            {
                var newToken = await AcquireAsync(now, expiry, cancellationToken);
                lock (_gate)
                {
                    _heldUntil = expiry;
                    _token = newToken;
                    ended = _tenure;
                    _tenure = null;
                    ExtendTenure(expiry);
                }

                LogAcquired(logger, options.HolderId, newToken);
            }

            End(ended);

            Volatile.Write(ref _roleKnown, true);
        }
        catch (ConditionalCheckFailedException)
        {
            CancellationTokenSource? ended = null;
            lock (_gate)
            {
                if (believedHeld)
                {
                    _heldUntil = DateTimeOffset.MinValue;
                    ended = _tenure;
                    _tenure = null;
                    LogLost(logger, options.HolderId, token);
                }
            }

            End(ended);

            LastKnownHolder = await ReadHolderAsync(cancellationToken);
            Volatile.Write(ref _roleKnown, true);
        }

        return IsHeld;
    }

    public async Task<bool> EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (!IsHeld)
        {
            return false;
        }

        var item = await ReadAsync(cancellationToken);
        var token = FencingToken;
        return item is not null
            && item.GetValueOrDefault(W.Holder)?.S == options.HolderId
            && item.GetValueOrDefault(W.FencingToken)?.N == token.ToString(CultureInfo.InvariantCulture)
            && IsHeld;
    }

    /// <summary>Gives the lease up so the other task takes over at once instead of after expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        long token;
        CancellationTokenSource? ended;
        lock (_gate)
        {
            if (time.GetUtcNow() >= _heldUntil)
            {
                return;
            }

            token = _token;
            _heldUntil = DateTimeOffset.MinValue;
            ended = _tenure;
            _tenure = null;
        }

        End(ended);

        try
        {
            await dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = options.WorkerTable,
                    Key = Key(),
                    UpdateExpression = "SET #exp = :zero REMOVE #h",
                    ConditionExpression = "#h = :me AND #tok = :tok",
                    ExpressionAttributeNames = Names(),
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":zero"] = new() { N = "0" },
                        [":me"] = new() { S = options.HolderId },
                        [":tok"] = new() { N = token.ToString(CultureInfo.InvariantCulture) },
                    },
                },
                cancellationToken);
            LogReleased(logger, options.HolderId, token);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already someone else's: nothing to give up.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await ReleaseAsync(cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            // The lease then simply expires; the other task waits one lease period.
            LogReleaseFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TryAcquireOrRenewAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
            {
                // Transient: keep trying; IsHeld turns false by itself when the written expiry passes.
                LogRenewFailed(logger, e);
            }
#pragma warning disable CA1031 // The loop outlives anything one attempt throws: a faulted lease loop would stop the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Not a failure we know; the next attempt may still succeed, and the local judgement stays safe meanwhile.
                LogRenewFailedUnexpectedly(logger, e.GetType().Name, e);
            }

            try
            {
                await Task.Delay(options.LeaseRenewInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _tenure;
            _tenure = null;
        }

        ended?.Dispose();
        base.Dispose();
    }

    // Under _gate. The tenure ends by itself when the local judgement turns false (the expiry minus the margin), with
    // the injected clock's timer, unless a renew extends it first. Returns a tenure that already ended, to dispose.
    private CancellationTokenSource? ExtendTenure(DateTimeOffset expiry)
    {
        var left = expiry - options.LeaseSafetyMargin - time.GetUtcNow();
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        if (_tenure is { } current)
        {
            current.CancelAfter(left);
            if (!current.IsCancellationRequested)
            {
                return null;
            }
        }

        var ended = _tenure;
        _tenure = new CancellationTokenSource(left, time);
        return ended;
    }

    // Outside _gate: cancelling runs the callbacks of every linked in-flight call.
    private static void End(CancellationTokenSource? tenure)
    {
        if (tenure is null)
        {
            return;
        }

        tenure.Cancel();
        tenure.Dispose();
    }

    private async Task RenewAsync(long token, DateTimeOffset expiry, CancellationToken cancellationToken) =>
        await dynamo.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = options.WorkerTable,
                Key = Key(),
                UpdateExpression = "SET #exp = :exp",
                ConditionExpression = "#h = :me AND #tok = :tok",
                ExpressionAttributeNames = Names(),
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":exp"] = new() { N = DynamoTime.EpochMillis(expiry) },
                    [":me"] = new() { S = options.HolderId },
                    [":tok"] = new() { N = token.ToString(CultureInfo.InvariantCulture) },
                },
            },
            cancellationToken);

    private async Task<long> AcquireAsync(DateTimeOffset now, DateTimeOffset expiry, CancellationToken cancellationToken)
    {
        var names = Names();
        names["#pk"] = W.Pk;
        names["#at"] = W.AcquiredAt;
        var response = await dynamo.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = options.WorkerTable,
                Key = Key(),
                UpdateExpression = "SET #h = :me, #exp = :exp, #at = :at, #tok = if_not_exists(#tok, :zero) + :one",
                ConditionExpression = "attribute_not_exists(#pk) OR attribute_not_exists(#exp) OR #exp <= :now OR #h = :me",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":me"] = new() { S = options.HolderId },
                    [":exp"] = new() { N = DynamoTime.EpochMillis(expiry) },
                    [":now"] = new() { N = DynamoTime.EpochMillis(now) },
                    [":at"] = new() { S = DynamoTime.Format(now) },
                    [":zero"] = new() { N = "0" },
                    [":one"] = new() { N = "1" },
                },
                ReturnValues = ReturnValue.UPDATED_NEW,
            },
            cancellationToken);
        return long.Parse(response.Attributes[W.FencingToken].N, CultureInfo.InvariantCulture);
    }

    private async Task<string?> ReadHolderAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken))?.GetValueOrDefault(W.Holder)?.S;

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = options.WorkerTable, Key = Key(), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private Dictionary<string, AttributeValue> Key() => new() { [W.Pk] = new() { S = options.LeaseKey } };

    private static Dictionary<string, string> Names() => new()
    {
        ["#h"] = W.Holder,
        ["#exp"] = W.ExpiresAt,
        ["#tok"] = W.FencingToken,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease acquired by {HolderId} with fencing token {FencingToken}")]
    private static partial void LogAcquired(ILogger logger, string holderId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease lost by {HolderId} (fencing token {FencingToken}): another instance holds it")]
    private static partial void LogLost(ILogger logger, string holderId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease released by {HolderId} (fencing token {FencingToken})")]
    private static partial void LogReleased(ILogger logger, string holderId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease renew failed; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease renew failed unexpectedly ({ExceptionType}); retrying")]
    private static partial void LogRenewFailedUnexpectedly(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease release failed; it will expire instead")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
