namespace Lunora.Worker.Aws;

/// <summary>One entry of a 422 answer's <c>validationErrors</c>.</summary>
public sealed record AwsValidationError(string ElementPath, string ErrorMessage);
