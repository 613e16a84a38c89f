namespace Lunora.Domain.Planning;

/// <summary>Where one pipeline of a managed output must send. The key is named by its parameter, never carried.</summary>
public sealed record DesiredTarget(string Url, string KeyParameter, string KeyFingerprint, UrlType Endpoint);
