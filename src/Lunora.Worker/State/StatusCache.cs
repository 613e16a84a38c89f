using System.Collections.Concurrent;

namespace Lunora.Worker.State;

/// <summary>
/// The status each destination holds as last read or written, so a status write that changes nothing is skipped.
/// Fed by the reader's scans and by the writer's own writes.
/// </summary>
public sealed class StatusCache
{
    private readonly ConcurrentDictionary<string, StatusSnapshot> _last = new(StringComparer.Ordinal);

    internal bool TryGet(string destinationId, out StatusSnapshot snapshot) => _last.TryGetValue(destinationId, out snapshot!);

    internal void Set(string destinationId, StatusSnapshot snapshot) => _last[destinationId] = snapshot;

    internal void Forget(string destinationId) => _last.TryRemove(destinationId, out _);
}
