namespace Lunora.Domain.Observed;

/// <summary>Where one pipeline of a managed output sends: URL and a digest of the stream name it carries.</summary>
public sealed record ObservedTarget(string Url, string KeyFingerprint);
