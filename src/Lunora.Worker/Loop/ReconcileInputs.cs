using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;

namespace Lunora.Worker.Loop;

/// <summary>Everything one reconcile reads before it plans.</summary>
/// <param name="PreviousState">The channel's state on the previous look, or null on this process's first look.</param>
public sealed record ReconcileInputs(
    DesiredChannel Desired,
    ObservedChannel Observed,
    ChannelState? PreviousState,
    HealthSnapshot Health,
    bool Paused)
{
    /// <summary>Relay mode: the relays as read (null in direct mode); the run then plans with <see cref="Domain.Delivery.RelayPlanner"/>.</summary>
    public Domain.Delivery.RelayContext? Relays { get; init; }
}
