using System.Collections.Immutable;
using Lunora.Domain.Delivery;
using Lunora.Worker.Secrets;

namespace Lunora.Worker.Relay;

/// <summary>
/// The delivery backend for relay mode: reads every relay into the Domain's <see cref="ObservedRelay"/> and applies
/// <see cref="RelayPathAction"/>s one path at a time, resolving each key only for the call that needs it. One relay
/// failing never stops the others; one action failing never stops the next.
/// </summary>
public sealed class RelayGateway(IReadOnlyList<RelayApiClient> relays, IStreamKeyProvider keys, ILogger<RelayGateway> logger)
{
    public IReadOnlyList<RelayApiClient> Relays => relays;

    public async Task<RelayObservation> ObserveAsync(CancellationToken ct)
    {
        var observed = ImmutableArray.CreateBuilder<ObservedRelay>();
        var unreachable = ImmutableDictionary.CreateBuilder<int, string>();
        foreach (var client in relays)
        {
            try
            {
                var paths = await client.ListPathConfigsAsync(ct);
                observed.Add(new ObservedRelay(client.Endpoint.Relay, [.. paths.Select(p => new ObservedRelayPath(p.Name, p.Source, p.Forwards))]));
            }
            catch (RelayApiException error)
            {
                unreachable[client.Endpoint.Relay] = error.Message;
            }
        }

        return new RelayObservation(observed.ToImmutable(), unreachable.ToImmutable());
    }

    /// <summary>The forwards of one destination's path on one relay (for health), or null when the path is not running there.</summary>
    public Task<IReadOnlyList<RelayForwardStatus>?> ForwardsAsync(int relay, string path, CancellationToken ct) =>
        Client(relay).ListForwardsAsync(path, ct);

    public async Task<RelayActionResult> ApplyAsync(RelayPathAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        var client = Client(action.Relay);
        try
        {
            switch (action)
            {
                case AddRelayPath add:
                    await client.AddPathAsync(add.PathName, add.Path.Source, await TargetAsync(add.Path, ct), ct);
                    RelayLog.PathChanged(logger, action.Relay, action.PathName, "added", add.Path.Target.Url);
                    break;
                case RetargetRelayPath retarget:
                    await client.ReplacePathAsync(retarget.PathName, retarget.Path.Source, await TargetAsync(retarget.Path, ct), ct);
                    RelayLog.PathChanged(logger, action.Relay, action.PathName, "re-targeted", retarget.Path.Target.Url);
                    break;
                case RemoveRelayPath:
                    await client.DeletePathAsync(action.PathName, ct);
                    RelayLog.PathRemoved(logger, action.Relay, action.PathName);
                    break;
                default:
                    return new RelayActionResult(action, false, false, $"unknown relay action {action.GetType().Name}");
            }

            return RelayActionResult.Done(action);
        }
        catch (RelayApiException error)
        {
            return new RelayActionResult(action, false, error.Transient, error.Message);
        }
        catch (StreamKeyParameterRefusedException error)
        {
            return new RelayActionResult(action, false, false, error.Message);
        }
    }

    private RelayApiClient Client(int relay) =>
        relays.FirstOrDefault(r => r.Endpoint.Relay == relay) ?? throw new ArgumentOutOfRangeException(nameof(relay), relay, "No such relay is configured.");

    private async Task<RelayForwardTarget> TargetAsync(DesiredRelayPath path, CancellationToken ct)
    {
        var key = await keys.GetAsync(path.Target.KeyParameter, ct)
            ?? throw new StreamKeyParameterRefusedException(path.Target.KeyParameter, "does not exist");
        return new RelayForwardTarget(path.Target.Url, key);
    }
}
