using System.Collections.Concurrent;
using Lunora.Domain.Health;

namespace Lunora.Worker.State;

/// <summary>
/// The health each channel's latest reconcile planned with, for the status writer to put on the records: the runner
/// sets it before it executes the plan, so a status and the health beside it come from the same look.
/// </summary>
public sealed class DestinationHealthBoard
{
    private readonly ConcurrentDictionary<string, HealthSnapshot> _byChannel = new(StringComparer.Ordinal);

    public void Set(string channelId, HealthSnapshot health) => _byChannel[channelId] = health;

    /// <summary>The snapshot of the channel whose outputs include the destination, or the first (idle) one; null before any look.</summary>
    public HealthSnapshot? For(string destinationId)
    {
        HealthSnapshot? any = null;
        foreach (var snapshot in _byChannel.Values)
        {
            if (snapshot.Pipelines.Keys.Any(k => string.Equals(k.DestinationId, destinationId, StringComparison.Ordinal)))
            {
                return snapshot;
            }

            any ??= snapshot;
        }

        return any;
    }
}
