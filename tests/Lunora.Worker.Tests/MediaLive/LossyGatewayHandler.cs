using System.Net;
using System.Text;

namespace Lunora.Worker.Tests.MediaLive;

/// <summary>
/// A gateway that lets the first matching request reach the service and then answers 504 anyway: the case where a
/// mutating call took effect but the client never heard so.
/// </summary>
public sealed class LossyGatewayHandler(HttpMessageHandler inner, string pathSuffix) : DelegatingHandler(inner)
{
    private int _lost;

    public int Lost => _lost;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri!.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
        {
            response.Dispose();
            var timeout = new HttpResponseMessage(HttpStatusCode.GatewayTimeout) { Content = new StringContent("""{"message":"Gateway Timeout"}""", Encoding.UTF8, "application/json") };
            timeout.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "GatewayTimeoutException");
            return timeout;
        }

        return response;
    }
}
