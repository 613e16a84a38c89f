using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 429: Request limit exceeded.</summary>
public sealed class AwsTooManyRequestsException : AwsServiceException
{
    public AwsTooManyRequestsException(string errorType, string message)
        : base((HttpStatusCode)429, errorType, message)
    {
    }

    public AwsTooManyRequestsException()
        : this("TooManyRequestsException", "")
    {
    }

    public AwsTooManyRequestsException(string message)
        : this("TooManyRequestsException", message)
    {
    }

    public AwsTooManyRequestsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
