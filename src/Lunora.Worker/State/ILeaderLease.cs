namespace Lunora.Worker.State;

/// <summary>
/// Single writer. Only the holder of a valid lease mutates the channel; the loop re-checks before every MediaLive
/// mutation. The fencing token grows with every new holder.
/// </summary>
public interface ILeaderLease
{
    /// <summary>True while this instance holds an unexpired lease, judged by the injected clock.</summary>
    bool IsHeld { get; }

    long FencingToken { get; }

    /// <summary>Known leader (this or another instance) or known standby: ready for /readyz.</summary>
    bool RoleKnown { get; }

    /// <summary>
    /// <see cref="IsHeld"/> confirmed against the store (a consistent read) right before a mutation. The default
    /// trusts the local judgement, for implementations without a store.
    /// </summary>
    Task<bool> EnsureHeldAsync(CancellationToken cancellationToken) => Task.FromResult(IsHeld);
}
