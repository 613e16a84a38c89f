using System.Net;
using System.Net.Sockets;

namespace Lunora.Worker.Aws;

/// <summary>
/// The one place that decides which AWS failures are worth another attempt: throttling, 500/502/503/504, timeouts and
/// dropped connections. Client errors (400, 403, 404, 409, 422) and cancellation never are.
/// </summary>
public static class AwsErrorClassifier
{
    // Error codes the AWS SDKs treat as throttling or transient whatever the status (botocore retries/standard.py):
    // CloudWatch, for one, throttles with a 400 "Throttling".
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        null => false,
        OperationCanceledException => false,
        AwsTimeoutException => true,
        AwsServiceException e => IsTransientStatus(e.StatusCode) || ThrottlingCodes.Contains(e.ErrorType) || TransientCodes.Contains(e.ErrorType),
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

    /// <summary>An error code the AWS SDKs treat as throttling, whatever the service and status (SSM and DynamoDB throttle with a 400).</summary>
    public static bool IsThrottlingCode(string? errorCode) => errorCode is not null && ThrottlingCodes.Contains(errorCode);

    public static bool IsThrottling(Exception exception) =>
        exception is AwsTooManyRequestsException || (exception is AwsServiceException e && ThrottlingCodes.Contains(e.ErrorType));

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
