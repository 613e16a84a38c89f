namespace Lunora.Domain.Delivery;

/// <summary>Create a destination's path (<c>POST /v3/config/paths/add</c>): the other paths keep running.</summary>
public sealed record AddRelayPath(DesiredRelayPath Path) : RelayPathAction(Path.Relay, Path.Name);
