using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Lunora.Worker.Tests.Contract;

/// <summary>Answers requests from a queue of canned responses (or a function), for unit tests of the clients.</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public Func<HttpRequestMessage, HttpResponseMessage>? Fallback { get; set; }

    public int Calls { get; private set; }

    public StubHandler Enqueue(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public StubHandler Json(HttpStatusCode status, string body, string? errorType = null) => Enqueue(_ => Response(status, body, errorType));

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string? errorType = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        return response;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        if (_answers.TryDequeue(out var answer))
        {
            return Task.FromResult(answer(request));
        }

        return Fallback is not null
            ? Task.FromResult(Fallback(request))
            : throw new InvalidOperationException($"No canned answer for {request.Method} {request.RequestUri}");
    }
}
