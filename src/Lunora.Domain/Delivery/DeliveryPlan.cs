using System.Collections.Immutable;

namespace Lunora.Domain.Delivery;

/// <summary>
/// The relay actions that make every reachable relay match the desired paths, in a stable order (relay, then path).
/// <see cref="UnreachableRelays"/> were not planned for: their state is unknown, so nothing is added or removed blind.
/// </summary>
public sealed record DeliveryPlan(ImmutableArray<RelayPathAction> Actions, ImmutableArray<int> UnreachableRelays)
{
    public bool IsEmpty => Actions.IsEmpty;
}
