using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>The worker's real gateway, with every mutation logged (and whether the lease was held at that moment).</summary>
internal sealed class RecordingGateway(IChannelGateway inner, ILeaderLease lease, GatewayLog log) : IChannelGateway
{
    public Task<ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken) => inner.ObserveAsync(channelId, cancellationToken);

    public Task ApplyOutputsAsync(string channelId, UpdateOutputs action, CancellationToken cancellationToken) =>
        MutateAsync(GatewayLog.Update, ct => inner.ApplyOutputsAsync(channelId, action, ct), cancellationToken);

    public Task StartAsync(string channelId, CancellationToken cancellationToken) =>
        MutateAsync(GatewayLog.Start, ct => inner.StartAsync(channelId, ct), cancellationToken);

    public Task StopAsync(string channelId, CancellationToken cancellationToken) =>
        MutateAsync(GatewayLog.Stop, ct => inner.StopAsync(channelId, ct), cancellationToken);

    private async Task MutateAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        log.Record(operation, lease.IsHeld);
        if (log.Before is { } before)
        {
            await before(operation, cancellationToken);
        }

        await call(cancellationToken);
        if (log.After is { } after)
        {
            await after(operation, cancellationToken);
        }
    }
}
