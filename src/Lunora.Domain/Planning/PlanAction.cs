namespace Lunora.Domain.Planning;

/// <summary>One step of a <see cref="ReconcilePlan"/>. Executed in order; only the executor touches the world.</summary>
public abstract record PlanAction
{
    /// <summary>True when executing this changes the channel (and so needs the leader lease).</summary>
    public abstract bool MutatesChannel { get; }
}
