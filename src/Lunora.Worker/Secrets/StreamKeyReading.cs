namespace Lunora.Worker.Secrets;

/// <summary>One look at a stream key parameter: the key's fingerprint, or why it could not be read (never the value).</summary>
/// <param name="Problem">What follows the parameter's name in a reason: "not found", "could not be read (ThrottlingException)".</param>
public sealed record StreamKeyReading(string? Fingerprint, string? Problem);
