using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.State;

namespace Lunora.Worker.Encodings;

/// <summary>
/// The desired state with each destination's preset as it will be encoded: a preset that does not exist or cannot be
/// encoded reads as no preset. The planner compares presets with what the channel shows, and an output on such a
/// preset can only ever show the channel's own descriptions, so without this it would look changed on every plan.
/// </summary>
public sealed class EffectivePresetDesiredStateStore(IDesiredStateStore inner, IPresetStore presets) : IDesiredStateStore
{
    public async Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken)
    {
        var desired = await inner.ReadAsync(channelId, cancellationToken).ConfigureAwait(false);
        var usable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in desired.Destinations.Select(d => d.PresetId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            usable[id] = PresetEncoding.IsSafeId(id)
                && PresetEncoding.IsUsable(await presets.GetAsync(id, cancellationToken).ConfigureAwait(false));
        }

        return usable.ContainsValue(false)
            ? desired with
            {
                Destinations = [.. desired.Destinations.Select(d => d.PresetId is { } id && !usable[id] ? d with { PresetId = null } : d)],
            }
            : desired;
    }

    public Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken) =>
        inner.WriteStatusAsync(status, cancellationToken);

    public Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken) =>
        inner.RecordFailoverAsync(channelId, failover, cancellationToken);
}
