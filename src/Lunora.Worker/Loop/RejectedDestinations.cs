using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lunora.Domain.Desired;
using Lunora.Worker.State;

namespace Lunora.Worker.Loop;

/// <summary>
/// Destinations whose settings MediaLive refused (a 422 naming them), remembered until their record changes: while
/// remembered, the destination is read as having a record problem, so the planner sets it to <c>error</c> with the
/// reason and leaves it out of the update, and the others still go on the channel. Kept in the worker table too
/// (<see cref="RejectedDestinationStore"/>): forgetting it on a restart or a leader change would plan the refused
/// destination back onto a running channel, a stop and a start for every other destination before the same refusal.
/// </summary>
/// <param name="store">Where the refusals outlive the process; without it (tests of the loop alone) process memory only.</param>
public sealed partial class RejectedDestinations(RejectedDestinationStore? store = null, ILogger<RejectedDestinations>? logger = null)
{
    private readonly ConcurrentDictionary<(string Channel, string Destination), Rejection> _rejected = new();
    private readonly ConcurrentDictionary<string, bool> _loaded = new(StringComparer.Ordinal);

    /// <summary>Remembers the refused destinations, then stores the channel's refusals (best effort: memory decides).</summary>
    public async Task RememberAsync(DesiredChannel desired, IReadOnlyDictionary<string, string> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(reasons);
        foreach (var d in desired.Destinations)
        {
            if (reasons.TryGetValue(d.Id, out var reason))
            {
                _rejected[(desired.ChannelId, d.Id)] = new Rejection(Signature(d), reason);
            }
        }

        if (store is null)
        {
            return;
        }

        try
        {
            var entries = _rejected
                .Where(kv => kv.Key.Channel == desired.ChannelId)
                .ToDictionary(kv => kv.Key.Destination, kv => (kv.Value.Signature, kv.Value.Reason), StringComparer.Ordinal);
            await store.SaveAsync(desired.ChannelId, entries, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (logger is not null)
            {
                LogNotStored(logger, desired.ChannelId, ex.GetType().Name);
            }
        }
    }

    /// <summary>
    /// The desired channel with every still-rejected destination marked; a changed record is forgiven. The first call
    /// for a channel reads its stored refusals; nothing is written here (the read-only <c>plan</c> passes this way).
    /// </summary>
    public async Task<DesiredChannel> ApplyAsync(DesiredChannel desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (store is not null && !_loaded.ContainsKey(desired.ChannelId))
        {
            foreach (var (id, (signature, reason)) in await store.LoadAsync(desired.ChannelId, cancellationToken))
            {
                _rejected.TryAdd((desired.ChannelId, id), new Rejection(signature, reason));
            }

            _loaded[desired.ChannelId] = true;
        }

        if (_rejected.IsEmpty)
        {
            return desired;
        }

        var destinations = desired.Destinations.Select(d =>
        {
            if (!_rejected.TryGetValue((desired.ChannelId, d.Id), out var rejection))
            {
                return d;
            }

            if (rejection.Signature != Signature(d))
            {
                _rejected.TryRemove((desired.ChannelId, d.Id), out _);
                return d;
            }

            return d.RecordProblem is null ? d with { RecordProblem = rejection.Reason } : d;
        });
        return desired with { Destinations = [.. destinations] };
    }

    // What a person changes to fix a refused destination: its version moves with any intent write, its endpoints with a
    // key rotation. Hashed, so the stored form carries neither URLs nor key fingerprints.
    private static string Signature(DestinationSpec d)
    {
        var text = string.Join(
            '\n',
            d.DesiredVersion.ToString(CultureInfo.InvariantCulture),
            d.Primary?.ToString() ?? "-",
            d.Backup?.ToString() ?? "-",
            d.PresetId ?? "-",
            d.Platform.ToString());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Refused destinations of channel {ChannelId} not stored ({ErrorType}); remembered in this process only")]
    private static partial void LogNotStored(ILogger logger, string channelId, string errorType);

    private sealed record Rejection(string Signature, string Reason);
}
