using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Lunora.Emulator.State;

namespace Lunora.Emulator.Api;

/// <summary>
/// Everything every API call goes through, in the order a client would meet it: counting, added latency, the account's
/// rate limit (MediaLive only), injected 5xx answers, then the operation; errors are written as each service writes them.
/// </summary>
internal sealed class RequestGate
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private FaultSettings _faults = FaultSettings.None;
    private int _failNextRemaining;

    public RequestGate(TimeProvider time, TokenBucket bucket, bool rateLimitEnabled, int? randomSeed)
    {
        _time = time;
        Bucket = bucket;
        RateLimitEnabled = rateLimitEnabled;
#pragma warning disable CA5394 // Fault injection needs reproducible draws, not unpredictable ones.
        _random = randomSeed is { } seed ? new Random(seed) : new Random();
#pragma warning restore CA5394
    }

    public TokenBucket Bucket { get; }

    public OperationHold Hold { get; } = new();

    public bool RateLimitEnabled { get; set; }

    public FaultSettings Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }

        set
        {
            lock (_gate)
            {
                _faults = value;
                _failNextRemaining = value.FailNext;
            }
        }
    }

    public IReadOnlyDictionary<string, long> Counts => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public void ResetCounts() => _counts.Clear();

    public async Task RunAsync(HttpContext context, string operation, ServiceKind kind, Func<Task<JsonObject>> handler)
    {
        _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        try
        {
            var faults = Faults;
            if (faults.AppliesTo(operation) && faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, _time, context.RequestAborted);
            }

            if (!await Hold.PassAsync(operation, context.RequestAborted))
            {
                // The client is gone; nobody reads an answer, and the operation must not take effect.
                return;
            }

            if (kind == ServiceKind.MediaLive && RateLimitEnabled && !Bucket.TryTake())
            {
                throw new ApiException(429, "TooManyRequestsException", "Too many requests, please try again later.");
            }

            if (DrawFault(operation) is { } status)
            {
                throw new ApiException(status, ErrorTypeFor(status, kind), $"Injected {status} for {operation}.");
            }

            await WriteJsonAsync(context, 200, await handler());
        }
        catch (ApiException error)
        {
            await WriteErrorAsync(context, error, kind);
        }
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static async Task WriteErrorAsync(HttpContext context, ApiException error, ServiceKind kind)
    {
        if (kind == ServiceKind.CloudWatch)
        {
            context.Response.Headers["x-amzn-query-error"] = $"{error.ErrorType};{(error.Status >= 500 ? "Receiver" : "Sender")}";
            await WriteJsonAsync(
                context,
                error.Status,
                new JsonObject { ["__type"] = $"com.amazonaws.cloudwatch#{error.ErrorType}", ["message"] = error.Message },
                "application/x-amz-json-1.0");
            return;
        }

        context.Response.Headers["x-amzn-ErrorType"] = error.ErrorType;
        var body = new JsonObject { ["message"] = error.Message };
        if (error.ValidationErrors is { } validationErrors)
        {
            body["validationErrors"] = new JsonArray([.. validationErrors.Select(v => (JsonNode)new JsonObject
            {
                ["elementPath"] = v.ElementPath,
                ["errorMessage"] = v.ErrorMessage,
            })]);
        }

        await WriteJsonAsync(context, error.Status, body);
    }

    private int? DrawFault(string operation)
    {
        lock (_gate)
        {
            if (!_faults.AppliesTo(operation) || _faults.ErrorStatuses.Count == 0)
            {
                return null;
            }

            if (_failNextRemaining > 0)
            {
                var index = (_faults.FailNext - _failNextRemaining) % _faults.ErrorStatuses.Count;
                _failNextRemaining--;
                return _faults.ErrorStatuses[index];
            }

#pragma warning disable CA5394 // See the constructor.
            return _faults.ErrorRate > 0 && _random.NextDouble() < _faults.ErrorRate
                ? _faults.ErrorStatuses[_random.Next(_faults.ErrorStatuses.Count)]
                : null;
#pragma warning restore CA5394
        }
    }

    private static string ErrorTypeFor(int status, ServiceKind kind) => (status, kind) switch
    {
        (500, ServiceKind.CloudWatch) => "InternalServiceFault",
        (_, ServiceKind.CloudWatch) => "ServiceUnavailable",
        (500, _) => "InternalServerErrorException",
        (502, _) => "BadGatewayException",
        (503, _) => "ServiceUnavailableException",
        (504, _) => "GatewayTimeoutException",
        (429, _) => "TooManyRequestsException",
        (404, _) => "NotFoundException",
        (422, _) => "UnprocessableEntityException",
        _ => "InternalServerErrorException",
    };
}
