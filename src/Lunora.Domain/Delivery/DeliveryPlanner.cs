using System.Collections.Immutable;

namespace Lunora.Domain.Delivery;

/// <summary>
/// Desired relay paths vs observed relay paths → add / re-target / remove, per path. Pure and level-based: a relay that
/// lost its paths (restarted) gets them all back in one plan; a path that already matches is never touched, so an
/// untouched destination's session is never restarted; paths the planner does not own are never removed.
/// </summary>
public static class DeliveryPlanner
{
    public static DeliveryPlan Plan(ImmutableArray<DesiredRelayPath> desired, ImmutableArray<ObservedRelay> observed)
    {
        var actions = new List<RelayPathAction>();
        var desiredByRelay = desired
            .GroupBy(p => p.Relay)
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(n => n.Key, n => n.First(), StringComparer.Ordinal));
        var observedByRelay = observed.GroupBy(r => r.Relay).ToDictionary(g => g.Key, g => g.First());
        var unreachable = desiredByRelay.Keys.Where(r => !observedByRelay.ContainsKey(r)).Order().ToImmutableArray();

        foreach (var relay in observedByRelay.Values.OrderBy(r => r.Relay))
        {
            var wanted = desiredByRelay.GetValueOrDefault(relay.Relay) ?? [];
            var seen = relay.Paths
                .GroupBy(p => p.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

            foreach (var path in wanted.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (!seen.TryGetValue(path.Name, out var found))
                {
                    actions.Add(new AddRelayPath(path));
                }
                else if (!InPlace(path, found))
                {
                    actions.Add(new RetargetRelayPath(path));
                }
            }

            foreach (var name in seen.Keys.Where(n => RelayNaming.IsManaged(n) && !wanted.ContainsKey(n)).Order(StringComparer.Ordinal))
            {
                actions.Add(new RemoveRelayPath(relay.Relay, name));
            }
        }

        return new DeliveryPlan([.. actions], unreachable);
    }

    /// <summary>Reads the right ingest and forwards exactly once, to the right URL with the right key.</summary>
    public static bool InPlace(DesiredRelayPath desired, ObservedRelayPath observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        return string.Equals(desired.Source, observed.Source, StringComparison.Ordinal)
            && observed.Forwards is [var forward]
            && string.Equals(forward.Url, desired.Target.Url, StringComparison.Ordinal)
            && string.Equals(forward.KeyFingerprint, desired.Target.KeyFingerprint, StringComparison.Ordinal);
    }
}
