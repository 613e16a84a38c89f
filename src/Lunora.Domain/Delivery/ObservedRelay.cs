using System.Collections.Immutable;

namespace Lunora.Domain.Delivery;

/// <summary>Every configured path of one reachable relay. A relay that could not be read has no ObservedRelay at all.</summary>
public sealed record ObservedRelay(int Relay, ImmutableArray<ObservedRelayPath> Paths);
