using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>An error answer from an AWS service: HTTP status, the error type it named and its message.</summary>
public class AwsServiceException : Exception
{
    public AwsServiceException(HttpStatusCode statusCode, string errorType, string message)
        : base($"{errorType} ({(int)statusCode}): {message}")
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ServiceMessage = message;
    }

    public AwsServiceException()
        : this(HttpStatusCode.InternalServerError, "Unknown", "")
    {
    }

    public AwsServiceException(string message)
        : this(HttpStatusCode.InternalServerError, "Unknown", message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "Unknown";
        ServiceMessage = message;
        StatusCode = HttpStatusCode.InternalServerError;
    }

    public HttpStatusCode StatusCode { get; }

    public string ErrorType { get; }

    public string ServiceMessage { get; }
}
