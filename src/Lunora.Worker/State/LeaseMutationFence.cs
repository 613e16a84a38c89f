using Lunora.Worker.Aws;

namespace Lunora.Worker.State;

/// <summary>
/// The lease as a fence for MediaLive mutations: each attempt confirms the lease against the store (a consistent read)
/// and runs under a deadline of what remains of it, linked to the lease's tenure, so a holder that stalls (a frozen
/// task, a renew that never returns) abandons its call before another task can have taken over.
/// </summary>
public sealed class LeaseMutationFence(ILeaderLease lease, TimeProvider time) : IMutationFence
{
    public async Task<MutationScope> EnterAsync(string operation, CancellationToken cancellationToken)
    {
        var remaining = lease.Remaining;
        if (!lease.IsHeld || remaining <= TimeSpan.Zero)
        {
            throw new MutationFencedException($"{operation} not sent: this worker does not hold the lease");
        }

        var deadline = remaining == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(remaining, time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.TenureToken, deadline.Token);
        var scope = new MutationScope(linked.Token, linked, deadline);
        try
        {
            if (!await lease.EnsureHeldAsync(scope.Token).ConfigureAwait(false))
            {
                throw new MutationFencedException($"{operation} not sent: the lease store names another holder or token");
            }

            return scope;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            scope.Dispose();
            throw new MutationFencedException($"{operation} not sent: the lease ended while it was being confirmed", e);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }
}
