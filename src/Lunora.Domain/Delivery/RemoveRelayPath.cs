namespace Lunora.Domain.Delivery;

/// <summary>Delete a destination's path (<c>DELETE /v3/config/paths/delete</c>): its session ends, the others keep running.</summary>
public sealed record RemoveRelayPath(int Relay, string PathName) : RelayPathAction(Relay, PathName);
