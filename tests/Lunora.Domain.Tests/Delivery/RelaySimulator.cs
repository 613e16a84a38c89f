using System.Collections.Immutable;
using Lunora.Domain.Delivery;
using Lunora.Domain.Observed;

namespace Lunora.Domain.Tests.Delivery;

/// <summary>What the relays look like after a plan ran, as MediaMTX applies add / replace / delete to its path configuration.</summary>
internal static class RelaySimulator
{
    public static ImmutableArray<ObservedRelay> Apply(ImmutableArray<ObservedRelay> relays, DeliveryPlan plan) =>
        [.. relays.Select(r => Apply(r, plan.Actions.Where(a => a.Relay == r.Relay)))];

    /// <summary>The relays a desired set of paths would leave behind when every action succeeds (what "in sync" means).</summary>
    public static ImmutableArray<ObservedRelay> InSync(ImmutableArray<DesiredRelayPath> desired, params int[] relays) =>
        [.. relays.Select(r => new ObservedRelay(r, [.. desired.Where(p => p.Relay == r).Select(Observe)]))];

    public static ObservedRelayPath Observe(DesiredRelayPath path) =>
        new(path.Name, path.Source, [new ObservedTarget(path.Target.Url, path.Target.KeyFingerprint)]);

    private static ObservedRelay Apply(ObservedRelay relay, IEnumerable<RelayPathAction> actions)
    {
        var paths = relay.Paths.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var action in actions)
        {
            switch (action)
            {
                case AddRelayPath add:
                    Assert.False(paths.ContainsKey(add.PathName), $"add of existing path {add.PathName} (MediaMTX answers 400)");
                    paths[add.PathName] = Observe(add.Path);
                    break;
                case RetargetRelayPath retarget:
                    paths[retarget.PathName] = Observe(retarget.Path);
                    break;
                case RemoveRelayPath remove:
                    Assert.True(paths.Remove(remove.PathName), $"delete of missing path {remove.PathName} (MediaMTX answers 404)");
                    break;
            }
        }

        return relay with { Paths = [.. paths.Values] };
    }
}
