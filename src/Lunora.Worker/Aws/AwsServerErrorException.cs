using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 5xx: the service (or a gateway in front of it) failed; the request may or may not have taken effect.</summary>
public sealed class AwsServerErrorException : AwsServiceException
{
    public AwsServerErrorException(HttpStatusCode statusCode, string errorType, string message)
        : base(statusCode, errorType, message)
    {
    }

    public AwsServerErrorException()
    {
    }

    public AwsServerErrorException(string message)
        : base(message)
    {
    }

    public AwsServerErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
