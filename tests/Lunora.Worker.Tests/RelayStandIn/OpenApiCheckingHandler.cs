using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>
/// Sits between an HttpClient and the relay: every request and every response goes through <see cref="OpenApiChecker"/>;
/// what does not conform is collected in <see cref="Violations"/> (tests assert it stays empty). Violations quote
/// schema paths and values of the failing field only.
/// </summary>
internal sealed class OpenApiCheckingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<string> _violations = new();

    public OpenApiCheckingHandler()
        : this(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<string> Violations => [.. _violations];

    public int Checked { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        JsonNode? requestBody = null;
        var hasBody = request.Content is not null;
        if (request.Content is not null)
        {
            var text = await request.Content.ReadAsStringAsync(cancellationToken);
            requestBody = Parse(text, "request", uri);
        }

        foreach (var violation in OpenApiChecker.Instance.CheckRequest(request.Method.Method, uri, requestBody, hasBody))
        {
            _violations.Enqueue(violation);
        }

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var node = body.Length == 0 ? null : Parse(body, "response", uri);
        foreach (var violation in OpenApiChecker.Instance.CheckResponse(request.Method.Method, uri, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, node))
        {
            _violations.Enqueue(violation);
        }

        Checked++;
        return response;
    }

    private JsonNode? Parse(string text, string what, Uri uri)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            _violations.Enqueue($"{uri.AbsolutePath}: {what} body is not JSON");
            return null;
        }
    }
}
