using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 400: The request was invalid.</summary>
public sealed class AwsBadRequestException : AwsServiceException
{
    public AwsBadRequestException(string errorType, string message)
        : base((HttpStatusCode)400, errorType, message)
    {
    }

    public AwsBadRequestException()
        : this("BadRequestException", "")
    {
    }

    public AwsBadRequestException(string message)
        : this("BadRequestException", message)
    {
    }

    public AwsBadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
