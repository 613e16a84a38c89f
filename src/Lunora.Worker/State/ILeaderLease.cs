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

    /// <summary>
    /// How long <see cref="IsHeld"/> stays true without another renew: the most a mutation may take. Zero when not
    /// held. The default, for implementations without an expiry, is unbounded while held.
    /// </summary>
    TimeSpan Remaining => IsHeld ? Timeout.InfiniteTimeSpan : TimeSpan.Zero;

    /// <summary>
    /// Cancelled when the current tenure ends (lost to another holder, expired without a renew, released); already
    /// cancelled when not held. In-flight mutations link to it so that a holder which stops being one stops acting.
    /// </summary>
    CancellationToken TenureToken => IsHeld ? CancellationToken.None : new CancellationToken(canceled: true);
}
