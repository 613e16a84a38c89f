namespace Lunora.Emulator.Model;

/// <summary>One entry of an UnprocessableEntityException's <c>validationErrors</c>.</summary>
public sealed record ValidationError(string ElementPath, string ErrorMessage);
