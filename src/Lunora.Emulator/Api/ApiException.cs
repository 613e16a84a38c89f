using Lunora.Emulator.Model;

namespace Lunora.Emulator.Api;

/// <summary>An error answered the way MediaLive answers it: status, <c>x-amzn-ErrorType</c> and a JSON body.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string errorType, string message, IReadOnlyList<ValidationError>? validationErrors = null)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
        ValidationErrors = validationErrors;
    }

    public int Status { get; }

    public string ErrorType { get; }

    public IReadOnlyList<ValidationError>? ValidationErrors { get; }

    public static ApiException NotFound(string message) => new(404, "NotFoundException", message);

    public static ApiException Conflict(string message) => new(409, "ConflictException", message);

    public static ApiException BadRequest(string message) => new(400, "BadRequestException", message);

    public static ApiException Unprocessable(IReadOnlyList<ValidationError> errors) =>
        new(422, "UnprocessableEntityException", "The channel configuration failed validation and could not be updated.", errors);
}
