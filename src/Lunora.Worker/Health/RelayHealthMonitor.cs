using System.Collections.Concurrent;
using Lunora.Domain.Delivery;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Worker.Relay;

namespace Lunora.Worker.Health;

/// <summary>
/// Health in relay mode, from the relays: each wanted destination's forward on each relay it has a path on (pipeline i
/// = relay i), judged by <see cref="RelayForwardHealth"/> (error → failing with the relay's redacted reason; bytes not
/// moving for the stall time → failing; idle → unknown). Attribution is exact: one path per destination. The byte
/// progress is kept between looks here; a forward that cannot be read is Unknown, which never fails anything over.
/// </summary>
public sealed class RelayHealthMonitor(RelayGateway gateway, RelaySettings settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Channel, string Destination, int Relay), ForwardProgress> _progress = new();

    public async Task<HealthSnapshot> ObserveAsync(DesiredChannel desired, RelayContext relays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(relays);
        var snapshot = HealthSnapshot.Empty;
        var seen = new HashSet<(string, string, int)>();
        foreach (var d in desired.Destinations.Where(d => d.WantsToStream && d.Platform != Platform.Hls))
        {
            var path = RelayNaming.DestinationPath(d.Id);
            foreach (var relay in relays.Relays.Where(r => r.Paths.Any(p => string.Equals(p.Name, path, StringComparison.Ordinal))))
            {
                IReadOnlyList<RelayForwardStatus>? forwards;
                try
                {
                    forwards = await gateway.ForwardsAsync(relay.Relay, path, cancellationToken);
                }
                catch (RelayApiException)
                {
                    continue;
                }

                if (forwards is not [var forward, ..])
                {
                    continue;
                }

                var key = (desired.ChannelId, d.Id, relay.Relay);
                var now = time.GetUtcNow();
                var progress = RelayForwardHealth.Track(_progress.GetValueOrDefault(key), forward.Sample(now));
                _progress[key] = progress;
                seen.Add(key);
                snapshot = snapshot.With(d.Id, relay.Relay, RelayForwardHealth.Judge(progress, settings.StallAfter, now));
            }
        }

        // A forward not read this time starts afresh when it comes back: its old bytes say nothing about the new session.
        foreach (var key in _progress.Keys.Where(k => k.Channel == desired.ChannelId && !seen.Contains(k)))
        {
            _progress.TryRemove(key, out _);
        }

        return snapshot;
    }
}
