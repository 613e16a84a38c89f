namespace Lunora.Worker.Loop;

/// <summary>
/// How executing one plan ended. Closed: the runner maps each case to a <see cref="ReconcileOutcome"/> and the loop's
/// one switch decides when to look again; the executor never waits for MediaLive itself.
/// </summary>
public abstract record ExecutionResult
{
    private ExecutionResult()
    {
    }

    /// <summary>Every action ran (channel mutations skipped while paused count as run).</summary>
    public sealed record Completed(int Mutations) : ExecutionResult;

    /// <summary>The lease was not held (or was lost) before a channel mutation; nothing more was sent.</summary>
    public sealed record NotLeader(int Mutations) : ExecutionResult;

    /// <summary>
    /// A mutation started a transition (STOPPING, UPDATING) that the rest of the plan must not overlap: the rest is
    /// dropped and the channel planned again, from fresh reads, once MediaLive reports the transition over.
    /// </summary>
    public sealed record AwaitTransition(int Mutations, string Transition) : ExecutionResult;

    /// <summary>
    /// Relay mode: every action ran, but a relay call failed transiently (unreachable, timeout, 5xx). The destinations
    /// concerned say so in their status; the run is retried with backoff. MediaLive was not touched for it.
    /// </summary>
    public sealed record DeliveryRetry(int Mutations, string Reason) : ExecutionResult;
}
