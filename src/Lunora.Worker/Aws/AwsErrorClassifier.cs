using System.Net;
using System.Net.Sockets;

namespace Lunora.Worker.Aws;

/// <summary>
/// The one place that decides which AWS failures are worth another attempt: throttling, 500/502/503/504, timeouts and
/// dropped connections. Client errors (400, 403, 404, 409, 422) and cancellation never are.
/// </summary>
public static class AwsErrorClassifier
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        null => false,
        OperationCanceledException => false,
        AwsTimeoutException => true,
        AwsServiceException e => IsTransientStatus(e.StatusCode),
        HttpRequestException { StatusCode: { } status } => IsTransientStatus(status),
        HttpRequestException => true,
        SocketException or IOException => true,
        _ => false,
    };

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout;

    /// <summary>True when the call may have taken effect although it failed: a gateway timeout or no answer at all.</summary>
    public static bool IsAmbiguous(Exception exception) => exception switch
    {
        AwsTimeoutException => true,
        AwsServiceException e => e.StatusCode == HttpStatusCode.GatewayTimeout,
        HttpRequestException { StatusCode: null } => true,
        IOException => true,
        _ => false,
    };
}
