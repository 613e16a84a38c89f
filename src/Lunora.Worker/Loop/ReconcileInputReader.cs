using Lunora.Domain.Policy;
using Lunora.Worker.Health;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;

namespace Lunora.Worker.Loop;

/// <summary>
/// Reads what one reconcile plans from: desired state, the channel, the pause flag and health. Reads only; a failed
/// health read degrades inside <see cref="HealthMonitor"/> and never fails the run. In relay mode the relays are read
/// too, and health comes from their forwards (<see cref="RelayHealthMonitor"/>) instead of MediaLive's alerts.
/// </summary>
public sealed class ReconcileInputReader(
    IDesiredStateStore store,
    IChannelGateway gateway,
    HealthMonitor health,
    IReconcilePauseReader control,
    ChannelMemory memory,
    RejectedDestinations rejected,
    ReconcilePolicy policy,
    TimeProvider time,
    RelayDeliveryObserver? relays = null,
    RelayHealthMonitor? relayHealth = null)
{
    public async Task<ReconcileInputs> ReadAsync(string channelId, CancellationToken cancellationToken) =>
        await ReadAsync(await ReadDesiredAsync(channelId, cancellationToken), cancellationToken);

    /// <summary>
    /// Desired state alone: read first, so a failure further on can still be said on the destinations' status.
    /// Destinations MediaLive refused are marked, so the plan sets them to error and leaves them out.
    /// </summary>
    public async Task<Lunora.Domain.Desired.DesiredChannel> ReadDesiredAsync(string channelId, CancellationToken cancellationToken) =>
        await rejected.ApplyAsync(await store.ReadAsync(channelId, cancellationToken), cancellationToken);

    public async Task<ReconcileInputs> ReadAsync(Lunora.Domain.Desired.DesiredChannel desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var channelId = desired.ChannelId;
        var observed = memory.Stamp(await gateway.ObserveAsync(channelId, cancellationToken), time.GetUtcNow(), out var previous);
        var paused = await control.IsPausedAsync(channelId, cancellationToken);
        if (relays is not null && relayHealth is not null)
        {
            var context = await relays.ObserveAsync(cancellationToken);
            var relaySnapshot = await relayHealth.ObserveAsync(desired, context, cancellationToken);
            return new ReconcileInputs(desired, observed, previous, relaySnapshot, paused) { Relays = context };
        }

        var snapshot = await health.ObserveAsync(desired, observed, policy.FailbackAfter, cancellationToken);
        return new ReconcileInputs(desired, observed, previous, snapshot, paused);
    }
}
