namespace Lunora.Domain.Delivery;

/// <summary>
/// Make an existing path read <see cref="DesiredRelayPath.Source"/> and forward only to <see cref="DesiredRelayPath.Target"/>
/// (<c>POST /v3/config/paths/replace</c>): a URL change, a key change, a failover. Only this path's session restarts.
/// </summary>
public sealed record RetargetRelayPath(DesiredRelayPath Path) : RelayPathAction(Path.Relay, Path.Name);
