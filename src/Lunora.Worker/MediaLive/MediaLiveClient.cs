using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Polly;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// The MediaLive operations Lunora uses, over rest-json. Channels are returned as the JSON documents the service sends,
/// so members this code has never heard of survive a read-modify-write. Transient failures are retried; a mutating
/// call whose outcome is unknown (504, timeout) is checked with DescribeChannel before it is sent again.
/// </summary>
public sealed class MediaLiveClient
{
    private readonly AwsHttpTransport _transport;
    private readonly ResiliencePipeline _pipeline;
    private readonly MediaLiveRateLimiter? _rateLimiter;
    private readonly IMutationFence? _fence;

    public MediaLiveClient(
        HttpClient httpClient,
        AwsClientSettings settings,
        TimeProvider timeProvider,
        AwsRetryOptions? retry = null,
        Func<double>? randomizer = null,
        IAwsCallObserver? observer = null,
        MediaLiveRateLimiter? rateLimiter = null,
        IMutationFence? fence = null)
    {
        _transport = new AwsHttpTransport(httpClient, settings, timeProvider, observer);
        _pipeline = AwsRetryPipeline.Create(retry ?? AwsRetryOptions.Default, timeProvider, randomizer);
        _rateLimiter = rateLimiter;
        _fence = fence;
    }

    /// <summary>maxResults sent on list calls; the service caps it at 1000.</summary>
    public int PageSize { get; init; } = 100;

    public Task<JsonObject> DescribeChannelAsync(string channelId, CancellationToken cancellationToken) =>
        SendJsonAsync("DescribeChannel", HttpMethod.Get, ChannelPath(channelId), null, null, cancellationToken);

    /// <summary>Sends a complete UpdateChannel body; returns the channel from the <c>{"channel": …}</c> answer.</summary>
    public async Task<JsonObject> UpdateChannelAsync(string channelId, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        // A dry run changes nothing (preflight sends one before this process may hold the lease).
        var fenced = body["dryRun"]?.GetValueKind() != JsonValueKind.True;
        var answer = await MutateAsync(
            "UpdateChannel",
            channelId,
            ct => SendOnceAsync("UpdateChannel", HttpMethod.Put, ChannelPath(channelId), null, bytes, ct, fenced),
            (described, _) => AlreadyUpdated(described, body),
            cancellationToken).ConfigureAwait(false);
        return answer["channel"] as JsonObject ?? answer;
    }

    /// <summary>Starts the channel; a channel already STARTING or RUNNING after an unanswered attempt counts as started.</summary>
    public Task<JsonObject> StartChannelAsync(string channelId, CancellationToken cancellationToken) =>
        MutateAsync(
            "StartChannel",
            channelId,
            ct => SendOnceAsync("StartChannel", HttpMethod.Post, ChannelPath(channelId) + "/start", null, null, ct, fenced: true),
            (described, _) => State(described) is "STARTING" or "RUNNING",
            cancellationToken);

    /// <summary>Stops the channel; a channel already STOPPING or IDLE after an unanswered attempt counts as stopped.</summary>
    public Task<JsonObject> StopChannelAsync(string channelId, CancellationToken cancellationToken) =>
        MutateAsync(
            "StopChannel",
            channelId,
            ct => SendOnceAsync("StopChannel", HttpMethod.Post, ChannelPath(channelId) + "/stop", null, null, ct, fenced: true),
            (described, _) => State(described) is "STOPPING" or "IDLE",
            cancellationToken);

    /// <summary>Every channel summary, across all pages.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        string? token = null;
        do
        {
            var query = PageQuery(token);
            var page = await SendJsonAsync("ListChannels", HttpMethod.Get, "/prod/channels", query, null, cancellationToken).ConfigureAwait(false);
            all.AddRange(Objects(page["channels"]));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(token));

        return all;
    }

    public Task<JsonObject> DescribeInputAsync(string inputId, CancellationToken cancellationToken) =>
        SendJsonAsync("DescribeInput", HttpMethod.Get, "/prod/inputs/" + Uri.EscapeDataString(inputId), null, null, cancellationToken);

    /// <summary>The channel's alerts across all pages (SET, CLEARED for about five minutes after clearing, or both).</summary>
    public async Task<IReadOnlyList<ChannelAlert>> ListAlertsAsync(string channelId, AlertStateFilter stateFilter, CancellationToken cancellationToken)
    {
        var all = new List<ChannelAlert>();
        string? token = null;
        do
        {
            var query = PageQuery(token);
            query.Add(new("stateFilter", stateFilter switch
            {
                AlertStateFilter.Set => "SET",
                AlertStateFilter.Cleared => "CLEARED",
                _ => "ALL",
            }));
            var page = await SendJsonAsync("ListAlerts", HttpMethod.Get, ChannelPath(channelId) + "/alerts", query, null, cancellationToken).ConfigureAwait(false);
            all.AddRange(Objects(page["alerts"]).Select(ParseAlert));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(token));

        return all;
    }

    internal static string? State(JsonObject channel) => channel["state"]?.GetValue<string>();

    private async Task<JsonObject> MutateAsync(
        string operation,
        string channelId,
        Func<CancellationToken, Task<JsonObject>> call,
        Func<JsonObject, bool, bool> alreadyDone,
        CancellationToken cancellationToken)
    {
        // Per call, not per client: only an attempt of this call whose answer never came makes the next one ambiguous.
        var ambiguous = false;
        var attempt = 0;
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                if (attempt++ > 0)
                {
                    _transport.RecordRetry(operation);
                }

                if (ambiguous)
                {
                    var described = await SendOnceAsync("DescribeChannel", HttpMethod.Get, ChannelPath(channelId), null, null, ct).ConfigureAwait(false);
                    if (alreadyDone(described, true))
                    {
                        return described;
                    }
                }

                try
                {
                    return await call(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (AwsErrorClassifier.IsAmbiguous(e))
                {
                    ambiguous = true;
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static bool AlreadyUpdated(JsonObject described, JsonObject sent) =>
        // UPDATING: an update is being applied, and only the lease holder sends them. Otherwise the update landed if the
        // channel now carries exactly the managed outputs we sent; the service may fill in defaults elsewhere, so the
        // rest of the document is no evidence either way. Sending the same full body again is harmless anyway.
        State(described) == "UPDATING" || ChannelDocument.SameManagedOutputs(described, sent);

    private async Task<JsonObject> SendJsonAsync(
        string operation,
        HttpMethod method,
        string path,
        List<KeyValuePair<string, string>>? query,
        byte[]? body,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                if (attempt++ > 0)
                {
                    _transport.RecordRetry(operation);
                }

                return await SendOnceAsync(operation, method, path, query, body, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> SendOnceAsync(
        string operation,
        HttpMethod method,
        string path,
        List<KeyValuePair<string, string>>? query,
        byte[]? body,
        CancellationToken cancellationToken,
        bool fenced = false)
    {
        if (_rateLimiter is not null)
        {
            // Every attempt, retries included, spends the account's shared budget.
            await _rateLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!fenced || _fence is null)
        {
            return await SendCoreAsync(operation, method, path, query, body, cancellationToken).ConfigureAwait(false);
        }

        // After the rate-limiter wait, which can be long: the right to mutate is judged when the call leaves, not when
        // it queued, and the call must end within what remains of it.
        using var scope = await _fence.EnterAsync(operation, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendCoreAsync(operation, method, path, query, body, scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MutationFencedException($"{operation} abandoned in flight: the lease ended or its deadline passed", e);
        }
    }

    private async Task<JsonObject> SendCoreAsync(
        string operation,
        HttpMethod method,
        string path,
        List<KeyValuePair<string, string>>? query,
        byte[]? body,
        CancellationToken cancellationToken)
    {
        var headers = body is null ? null : new Dictionary<string, string> { ["content-type"] = "application/json" };
        var response = await _transport.SendAsync(operation, method, path, query, body, headers, cancellationToken).ConfigureAwait(false);
        if (response.Body.Length == 0)
        {
            return [];
        }

        return JsonNode.Parse(response.Body) as JsonObject
            ?? throw new AwsServiceException(response.StatusCode, "MalformedResponse", $"{method.Method} {path}: the answer is not a JSON object");
    }

    private List<KeyValuePair<string, string>> PageQuery(string? token)
    {
        var query = new List<KeyValuePair<string, string>> { new("maxResults", PageSize.ToString(CultureInfo.InvariantCulture)) };
        if (!string.IsNullOrEmpty(token))
        {
            query.Add(new("nextToken", token));
        }

        return query;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>().Select(o => o.DeepClone().AsObject()) : [];

    private static ChannelAlert ParseAlert(JsonObject a) => new(
        a["id"]?.GetValue<string>() ?? "",
        a["alertType"]?.GetValue<string>() ?? "",
        a["message"]?.GetValue<string>(),
        a["pipelineId"]?.GetValue<string>(),
        a["state"]?.GetValue<string>() ?? "",
        Timestamp(a["setTimestamp"]),
        Timestamp(a["clearedTimestamp"]));

    private static DateTimeOffset? Timestamp(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String =>
            DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)(v.GetValue<double>() * 1000)),
        _ => null,
    };

    private static string ChannelPath(string channelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return "/prod/channels/" + Uri.EscapeDataString(channelId);
    }
}
