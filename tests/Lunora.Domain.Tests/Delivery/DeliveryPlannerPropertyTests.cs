using System.Collections.Immutable;
using CsCheck;
using Lunora.Domain.Delivery;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Delivery;

/// <summary>The delivery planner's invariants over random desired outputs and random relay states.</summary>
public class DeliveryPlannerPropertyTests
{
    private const long Iterations = 2_000;

    private static readonly Gen<(ImmutableArray<DesiredOutput> Before, ImmutableArray<DesiredOutput> After, ImmutableHashSet<string> Changed)> Change =
        from before in DeliveryGen.Outputs
        let pipelines = before.IsEmpty ? 1 : before[0].Pipelines.Length
        from kinds in Gen.Int[0, 2].Array[before.Length]
        from retargets in DeliveryGen.Target.Array[pipelines].Array[before.Length]
        from added in Gen.Int[10, 13].HashSet[0, 2]
        from addedTargets in DeliveryGen.Target.Array[pipelines].Array[added.Count]
        select Changed(before, kinds, retargets, [.. added.Order()], addedTargets);

    [Fact]
    public void Plan_AppliedThenPlannedAgain_IsEmpty()
    {
        Gen.Select(DeliveryGen.Outputs, DeliveryGen.Relays).Sample(
            (outputs, relays) =>
            {
                var desired = RelayLayout.Paths(outputs);
                var first = DeliveryPlanner.Plan(desired, relays);
                var second = DeliveryPlanner.Plan(desired, RelaySimulator.Apply(relays, first));

                Assert.True(second.IsEmpty, $"second plan: {string.Join(", ", second.Actions)}");
            },
            iter: Iterations);
    }

    [Fact]
    public void Plan_AnyInputs_NeverMutatesTheChannelNorTouchesUnmanagedPaths()
    {
        Gen.Select(DeliveryGen.Outputs, DeliveryGen.Relays).Sample(
            (outputs, relays) =>
            {
                var plan = DeliveryPlanner.Plan(RelayLayout.Paths(outputs), relays);

                Assert.All(plan.Actions, a => Assert.False(a.MutatesChannel));
                Assert.All(plan.Actions, a => Assert.True(RelayNaming.IsManaged(a.PathName), a.ToString()));
            },
            iter: Iterations);
    }

    [Fact]
    public void Plan_SomeDestinationsChanged_NeverTouchesAnUntouchedDestinationsPath()
    {
        Change.Sample(
            c =>
            {
                var relays = Enumerable.Range(0, c.Before.IsEmpty ? 1 : c.Before[0].Pipelines.Length).ToArray();
                var observed = RelaySimulator.InSync(RelayLayout.Paths(c.Before), relays);
                var plan = DeliveryPlanner.Plan(RelayLayout.Paths(c.After), observed);

                var allowed = c.Changed.Select(RelayNaming.DestinationPath).ToHashSet(StringComparer.Ordinal);
                Assert.All(plan.Actions, a => Assert.Contains(a.PathName, allowed));
            },
            iter: Iterations);
    }

    [Fact]
    public void Plan_RelayUnreachable_PlansNothingForIt()
    {
        Gen.Select(DeliveryGen.Outputs, DeliveryGen.Relays).Sample(
            (outputs, relays) =>
            {
                var desired = RelayLayout.Paths(outputs);
                var plan = DeliveryPlanner.Plan(desired, relays);
                var reachable = relays.Select(r => r.Relay).ToHashSet();

                Assert.All(plan.Actions, a => Assert.Contains(a.Relay, reachable));
                Assert.Equal(desired.Select(p => p.Relay).Distinct().Where(r => !reachable.Contains(r)).Order(), plan.UnreachableRelays);
            },
            iter: Iterations);
    }

    private static (ImmutableArray<DesiredOutput>, ImmutableArray<DesiredOutput>, ImmutableHashSet<string>) Changed(
        ImmutableArray<DesiredOutput> before,
        int[] kinds,
        DesiredTarget[][] retargets,
        int[] added,
        DesiredTarget[][] addedTargets)
    {
        var after = new List<DesiredOutput>();
        var changed = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        for (var i = 0; i < before.Length; i++)
        {
            switch (kinds[i])
            {
                case 0:
                    after.Add(before[i]);
                    break;
                case 1:
                    after.Add(before[i] with { Pipelines = [.. retargets[i]] });
                    changed.Add(before[i].DestinationId);
                    break;
                default:
                    changed.Add(before[i].DestinationId);
                    break;
            }
        }

        for (var i = 0; i < added.Length; i++)
        {
            var id = "d-" + added[i];
            after.Add(DeliveryGen.Output(id, addedTargets[i], null));
            changed.Add(id);
        }

        return (before, [.. after], changed.ToImmutable());
    }
}
