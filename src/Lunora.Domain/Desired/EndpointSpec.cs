namespace Lunora.Domain.Desired;

/// <summary>
/// One RTMP ingest as the record states it: the URL without the key, and the name of the parameter that holds the key.
/// The key itself never enters the domain; <see cref="KeyFingerprint"/> is a one-way digest the adapter computes so the
/// planner can tell whether the channel already sends with the right key.
/// </summary>
/// <param name="Url">As stored; validated by the planner (rtmp or rtmps, a host and an application path).</param>
/// <param name="KeyParameter">Parameter Store name of the stream key.</param>
/// <param name="KeyFingerprint">Digest of the resolved key, or null when it has not been resolved.</param>
public sealed record EndpointSpec(string? Url, string? KeyParameter, string? KeyFingerprint);
