using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Domain.Observed;
using Lunora.Worker.Secrets;
using Polly;

namespace Lunora.Worker.Relay;

/// <summary>
/// MediaMTX v3 control API client for one relay (the calls the worker needs: config paths, forwards, info). Basic auth
/// with credentials from <see cref="IRelayCredentialsSource"/>; transient failures (no answer, timeout, 5xx) retried
/// through Polly with jittered backoff, then thrown as a transient <see cref="RelayApiException"/>. Keys travel only
/// inside request bodies: what comes back is reduced to URL + fingerprint, and error texts are redacted.
/// </summary>
public sealed class RelayApiClient(
    HttpClient http,
    RelayEndpoint endpoint,
    IRelayCredentialsSource credentials,
    ResiliencePipeline retry,
    RelayRetryOptions options,
    ILogger<RelayApiClient> logger)
{
    private const int PageSize = 500;

    public RelayEndpoint Endpoint => endpoint;

    /// <summary>Reachable and authenticated: the version the relay reports (<c>/v3/info</c>).</summary>
    public async Task<string> InfoAsync(CancellationToken ct)
    {
        var (status, body) = await SendAsync("info", HttpMethod.Get, "v3/info", null, [], ct);
        return status == 200 ? body?["version"]?.GetValue<string>() ?? "" : throw Unexpected("info", status, body, []);
    }

    /// <summary>Every configured path, all pages.</summary>
    public async Task<ImmutableArray<RelayPathConfig>> ListPathConfigsAsync(CancellationToken ct)
    {
        var result = ImmutableArray.CreateBuilder<RelayPathConfig>();
        for (var page = 0; ; page++)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"v3/config/paths/list?itemsPerPage={PageSize}&page={page}");
            var (status, body) = await SendAsync("list paths", HttpMethod.Get, uri, null, [], ct);
            if (status != 200)
            {
                throw Unexpected("list paths", status, body, []);
            }

            foreach (var item in body?["items"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                result.Add(ToConfig(item));
            }

            if (page + 1 >= (body?["pageCount"]?.GetValue<int>() ?? 0))
            {
                return result.ToImmutable();
            }
        }
    }

    /// <summary>The forwards of a running path, or null when the relay has no such path.</summary>
    public async Task<IReadOnlyList<RelayForwardStatus>?> ListForwardsAsync(string path, CancellationToken ct)
    {
        var (status, body) = await SendAsync("list forwards", HttpMethod.Get, $"v3/paths/forward/list?path={Uri.EscapeDataString(path)}&itemsPerPage={PageSize}", null, [], ct);
        return status switch
        {
            200 => [.. (body?["items"]?.AsArray().OfType<JsonObject>() ?? []).Select(ToForward)],
            404 => null,
            _ => throw Unexpected("list forwards", status, body, []),
        };
    }

    /// <summary>Creates the path; if it exists already (a retried add), replaces it: the outcome is the same path either way.</summary>
    public async Task AddPathAsync(string name, string ingest, RelayForwardTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (status, body) = await SendAsync("add path", HttpMethod.Post, $"v3/config/paths/add/{Escape(name)}", Conf(ingest, target), [target.StreamKey], ct);
        if (status == 400 && body?["error"]?.GetValue<string>() == "path already exists")
        {
            await ReplacePathAsync(name, ingest, target, ct);
            return;
        }

        if (status != 200)
        {
            throw Unexpected("add path", status, body, [target.StreamKey]);
        }
    }

    /// <summary>Sets the whole path: source and a forward list of exactly one entry. Creates it when missing (MediaMTX's replace does).</summary>
    public async Task ReplacePathAsync(string name, string ingest, RelayForwardTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (status, body) = await SendAsync("replace path", HttpMethod.Post, $"v3/config/paths/replace/{Escape(name)}", Conf(ingest, target), [target.StreamKey], ct);
        if (status != 200)
        {
            throw Unexpected("replace path", status, body, [target.StreamKey]);
        }
    }

    /// <summary>Deletes the path; one that is already gone counts as deleted.</summary>
    public async Task DeletePathAsync(string name, CancellationToken ct)
    {
        var (status, body) = await SendAsync("delete path", HttpMethod.Delete, $"v3/config/paths/delete/{Escape(name)}", null, [], ct);
        if (status is not (200 or 404))
        {
            throw Unexpected("delete path", status, body, []);
        }
    }

    private static string Escape(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    private static RelayForwardStatus ToForward(JsonObject item)
    {
        var dest = item["conf"]?["dest"]?.GetValue<string>() ?? "";
        var key = RelayRedaction.KeyOf(dest);
        return new RelayForwardStatus(
            item["id"]?.GetValue<string>() ?? "",
            item["pos"]?.GetValue<int>() ?? 0,
            RelayRedaction.DestWithoutKey(dest),
            key is null ? null : StreamKeyFingerprint.Of(key),
            item["state"]?.GetValue<string>() ?? "",
            RelayRedaction.Text(item["lastError"]?.GetValue<string>(), [key]),
            item["outboundBytes"]?.GetValue<long>() ?? 0);
    }

    private JsonObject Conf(string ingest, RelayForwardTarget target) => new()
    {
        ["source"] = endpoint.SourceFor(ingest),
        ["forward"] = new JsonArray(new JsonObject { ["dest"] = target.Dest }),
    };

    private RelayPathConfig ToConfig(JsonObject item)
    {
        var forwards = (item["forward"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(f => f["dest"]?.GetValue<string>() ?? "")
            .Select(dest => new ObservedTarget(RelayRedaction.DestWithoutKey(dest), RelayRedaction.KeyOf(dest) is { } key ? StreamKeyFingerprint.Of(key) : ""))
            .ToImmutableArray();
        var source = item["source"]?.GetValue<string>();
        return new RelayPathConfig(item["name"]?.GetValue<string>() ?? "", source is null ? null : endpoint.IngestOf(source), forwards);
    }

    private RelayApiException Unexpected(string operation, int status, JsonNode? body, IEnumerable<string?> secrets)
    {
        var error = RelayRedaction.Text(body?["error"]?.GetValue<string>(), secrets);
        RelayLog.CallFailed(logger, endpoint.Relay, operation, status, error);
        return new RelayApiException(operation, status, $"relay {endpoint.Relay}: {operation} answered {status}: {error}", transient: status >= 500);
    }

    /// <summary>One call through the retry pipeline: the status and JSON body of any answer but 401 and 5xx.</summary>
    private async Task<(int Status, JsonNode? Body)> SendAsync(string operation, HttpMethod method, string relative, JsonNode? body, IReadOnlyList<string?> secrets, CancellationToken ct)
    {
        try
        {
            return await retry.ExecuteAsync(async token => await AttemptAsync(operation, method, relative, body, secrets, token), ct);
        }
        catch (RelayApiException error) when (error.Transient)
        {
            RelayLog.CallFailed(logger, endpoint.Relay, operation, error.Status, error.Message);
            throw;
        }
    }

    private async Task<(int Status, JsonNode? Body)> AttemptAsync(string operation, HttpMethod method, string relative, JsonNode? body, IReadOnlyList<string?> secrets, CancellationToken ct)
    {
        var user = await credentials.GetAsync(ct);
        using var request = new HttpRequestMessage(method, new Uri(endpoint.ApiAddress, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.User}:{user.Password}")));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.CallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException error)
        {
            // The socket error names host and port at most; redacted anyway.
            throw new RelayApiException(operation, null, $"relay {endpoint.Relay} unreachable: {RelayRedaction.Text(error.Message, secrets)}", transient: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RelayApiException(operation, null, $"relay {endpoint.Relay} did not answer within {options.CallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", transient: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new RelayApiException(operation, status, $"relay {endpoint.Relay} did not finish its answer within {options.CallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", transient: true);
            }

            JsonNode? parsed = null;
            try
            {
                parsed = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not MediaMTX answering (a proxy page?): treated by status below.
            }

            if (status == 401)
            {
                credentials.Invalidate();
                throw new RelayApiException(operation, status, $"relay {endpoint.Relay} refused the API credentials (401)", transient: false);
            }

            if (status >= 500)
            {
                throw new RelayApiException(operation, status, $"relay {endpoint.Relay}: {operation} answered {status}: {RelayRedaction.Text(parsed?["error"]?.GetValue<string>(), secrets)}", transient: true);
            }

            return (status, parsed);
        }
    }
}
