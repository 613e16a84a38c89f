using System.Collections.Concurrent;

namespace Lunora.Worker.State;

/// <summary>
/// What the reader knows about a destination that is not an error but belongs in its status: a key kept from the last
/// good read while its parameter is unreadable, a backup whose key cannot be read. The planner decides the status;
/// the status writer adds the notice to its reason, so the UI shows why a destination is degraded.
/// </summary>
public sealed class DestinationNotices
{
    private readonly ConcurrentDictionary<string, string> _notices = new(StringComparer.Ordinal);

    public void Set(string destinationId, string? notice)
    {
        if (notice is null)
        {
            _notices.TryRemove(destinationId, out _);
        }
        else
        {
            _notices[destinationId] = notice;
        }
    }

    public string? For(string destinationId) => _notices.TryGetValue(destinationId, out var notice) ? notice : null;

    /// <summary>The planner's reason with the notice added (once).</summary>
    public string? Merge(string destinationId, string? reason) => For(destinationId) switch
    {
        null => reason,
        { } notice when reason is null => notice,
        { } notice when reason.Contains(notice, StringComparison.Ordinal) => reason,
        { } notice => reason + "; " + notice,
    };
}
