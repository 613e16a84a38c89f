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
    private readonly ConcurrentDictionary<string, string> _channelOf = new(StringComparer.Ordinal);

    public void Set(string channelId, HealthSnapshot health, IEnumerable<string> destinationIds)
    {
        ArgumentNullException.ThrowIfNull(destinationIds);
        _byChannel[channelId] = health;
        foreach (var id in destinationIds)
        {
            _channelOf[id] = channelId;
        }
    }

    /// <summary>The snapshot of the channel the destination was last planned on; null before that.</summary>
    public HealthSnapshot? For(string destinationId) =>
        _channelOf.TryGetValue(destinationId, out var channel) && _byChannel.TryGetValue(channel, out var health) ? health : null;
}
