using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 403: Access was denied.</summary>
public sealed class AwsForbiddenException : AwsServiceException
{
    public AwsForbiddenException(string errorType, string message)
        : base((HttpStatusCode)403, errorType, message)
    {
    }

    public AwsForbiddenException()
        : this("ForbiddenException", "")
    {
    }

    public AwsForbiddenException(string message)
        : this("ForbiddenException", message)
    {
    }

    public AwsForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
