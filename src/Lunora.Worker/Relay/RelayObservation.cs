using System.Collections.Immutable;
using Lunora.Domain.Delivery;

namespace Lunora.Worker.Relay;

/// <summary>What one look at the relays found: the relays that answered, and for each one that did not, why (redacted).</summary>
public sealed record RelayObservation(ImmutableArray<ObservedRelay> Relays, ImmutableDictionary<int, string> Unreachable);
