using Lunora.Domain.Delivery;
using Lunora.Worker.Relay;

namespace Lunora.Worker.Loop;

/// <summary>
/// Relay mode's read: every relay's configured paths, as the Domain's <see cref="RelayContext"/>. A relay that does not
/// answer is listed with its (redacted) reason and planned for by nobody: the read itself never fails the run.
/// </summary>
public sealed class RelayDeliveryObserver(RelayGateway gateway, RelaySettings settings)
{
    public async Task<RelayContext> ObserveAsync(CancellationToken cancellationToken)
    {
        var observation = await gateway.ObserveAsync(cancellationToken);
        return new RelayContext(observation.Relays, observation.Unreachable, settings.IngestUrls);
    }
}
