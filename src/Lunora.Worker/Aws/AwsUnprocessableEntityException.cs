using System.Collections.Immutable;
using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>HTTP 422: the body broke the service's validation rules; <see cref="ValidationErrors"/> says where.</summary>
public sealed class AwsUnprocessableEntityException : AwsServiceException
{
    public AwsUnprocessableEntityException(string errorType, string message, ImmutableArray<AwsValidationError> validationErrors)
        : base((HttpStatusCode)422, errorType, message)
    {
        ValidationErrors = validationErrors;
    }

    public AwsUnprocessableEntityException()
        : this("UnprocessableEntityException", "", [])
    {
    }

    public AwsUnprocessableEntityException(string message)
        : this("UnprocessableEntityException", message, [])
    {
    }

    public AwsUnprocessableEntityException(string message, Exception innerException)
        : base(message, innerException)
    {
        ValidationErrors = [];
    }

    public ImmutableArray<AwsValidationError> ValidationErrors { get; }
}
