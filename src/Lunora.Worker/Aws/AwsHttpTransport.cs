using System.Net.Http.Headers;
using System.Text;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Aws;

/// <summary>
/// One signed HTTP exchange with an AWS service. Non-2xx answers become typed <see cref="AwsServiceException"/>s and
/// timeouts <see cref="AwsTimeoutException"/>; retrying is the caller's pipeline's job.
/// </summary>
public sealed class AwsHttpTransport(HttpClient httpClient, AwsClientSettings settings, TimeProvider timeProvider, IAwsCallObserver? observer = null)
{
    public AwsClientSettings Settings => settings;

    /// <param name="operation">The API operation name, for telemetry.</param>
    public async Task<AwsResponse> SendAsync(
        string operation,
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? query,
        byte[]? body,
        IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken)
    {
        // One client span per attempt, named like the SDKs' ("MediaLive.DescribeChannel"). Only names and the status
        // code go on it: never the URL (its path and query can carry ids we do not own) nor a body (stream keys).
        using var activity = AwsCallActivity.Start(settings.Service, operation);
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await SendCoreAsync(method, path, query, body, headers, cancellationToken).ConfigureAwait(false);
            AwsCallActivity.Succeeded(activity, response.StatusCode);
            observer?.Call(settings.Service.SigningName, operation, "success", timeProvider.GetElapsedTime(started));
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var outcome = Outcome(e);
            AwsCallActivity.Failed(activity, e, outcome);
            observer?.Call(settings.Service.SigningName, operation, outcome, timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>Tells the observer a retry of <paramref name="operation"/> is about to be sent.</summary>
    public void RecordRetry(string operation) => observer?.Retry(settings.Service.SigningName, operation);

    private static string Outcome(Exception e) => e switch
    {
        _ when AwsErrorClassifier.IsThrottling(e) => "throttled",
        AwsServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } => "server_error",
        AwsServiceException => "client_error",
        AwsTimeoutException => "timeout",
        _ => "network_error",
    };

    private async Task<AwsResponse> SendCoreAsync(
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? query,
        byte[]? body,
        IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        query ??= [];
        body ??= [];
        var uri = BuildUri(path, query);
        var credentials = await settings.Credentials.GetCredentialsAsync().ConfigureAwait(false);
        var signed = AwsRequestSigner.Sign(
            method.Method,
            uri,
            query,
            headers ?? new Dictionary<string, string>(),
            body,
            credentials,
            settings.Region,
            settings.Service.SigningName,
            timeProvider.GetUtcNow());

        using var request = new HttpRequestMessage(method, uri);
        if (body.Length > 0 || method == HttpMethod.Put || method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in signed)
        {
            if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent(body);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                continue;
            }

            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsTimeoutException($"{settings.Service.SigningName} {method.Method} {path} timed out", e);
        }

        using (response)
        {
            byte[] bytes;
            try
            {
                bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AwsTimeoutException($"{settings.Service.SigningName} {method.Method} {path} timed out reading the answer", e);
            }

            if (response.IsSuccessStatusCode)
            {
                return new AwsResponse(response.StatusCode, bytes);
            }

            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            throw AwsErrorParser.Parse(response.StatusCode, errorType, bytes);
        }
    }

    private Uri BuildUri(string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var baseUri = settings.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var builder = new StringBuilder(baseUri).Append(path);
        for (var i = 0; i < query.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(query[i].Key))
                .Append('=')
                .Append(Uri.EscapeDataString(query[i].Value));
        }

        return new Uri(builder.ToString());
    }
}
