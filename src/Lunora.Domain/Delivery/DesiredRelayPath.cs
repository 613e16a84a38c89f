namespace Lunora.Domain.Delivery;

/// <summary>
/// One destination's path on one relay as it must be: it reads <see cref="Source"/> (an ingest path on the same relay)
/// and forwards to <see cref="Target"/>. The key is named by its parameter and fingerprint, never carried.
/// </summary>
/// <param name="Relay">Which relay: the MediaLive pipeline that feeds it (STANDARD: 0 = relay A, 1 = relay B; SINGLE_PIPELINE: 0).</param>
public sealed record DesiredRelayPath(int Relay, string Name, string DestinationId, string Source, Planning.DesiredTarget Target);
