using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 409: The request conflicts with the resource's current state.</summary>
public sealed class AwsConflictException : AwsServiceException
{
    public AwsConflictException(string errorType, string message)
        : base((HttpStatusCode)409, errorType, message)
    {
    }

    public AwsConflictException()
        : this("ConflictException", "")
    {
    }

    public AwsConflictException(string message)
        : this("ConflictException", message)
    {
    }

    public AwsConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
