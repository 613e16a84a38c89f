using System.Collections.Immutable;

namespace Lunora.Domain.Planning;

/// <summary>
/// What to do now, in order, and when to look again. Immutable and safe to throw away: the next run re-reads the world.
/// <see cref="RequeueAfter"/> null means nothing is due; the loop's periodic resync still looks again.
/// </summary>
public sealed record ReconcilePlan(ImmutableArray<PlanAction> Actions, TimeSpan? RequeueAfter)
{
    public bool HasMutations => Actions.Any(a => a.MutatesChannel);

    public IEnumerable<T> OfType<T>()
        where T : PlanAction => Actions.OfType<T>();
}
