namespace Lunora.Worker.Loop;

/// <summary>
/// How one reconcile ended; the loop maps each case in one switch to one queue call, one metric and one log line.
/// A transient failure is retried with jittered backoff; a terminal one is recorded and waits for a change.
/// </summary>
public abstract record ReconcileOutcome
{
    private ReconcileOutcome()
    {
    }

    public abstract string Result { get; }

    /// <summary>Planned and executed; look again after <see cref="RequeueAfter"/> (null: only at the periodic resync).</summary>
    public sealed record Converged(TimeSpan? RequeueAfter, int Mutations) : ReconcileOutcome
    {
        public override string Result => Mutations > 0 ? "requeue" : "converged";
    }

    public sealed record NotLeader(TimeSpan RequeueAfter) : ReconcileOutcome
    {
        public override string Result => "not_leader";
    }

    public sealed record Paused(TimeSpan? RequeueAfter) : ReconcileOutcome
    {
        public override string Result => "paused";
    }

    public sealed record TransientFailure(Exception Error) : ReconcileOutcome
    {
        public override string Result => "transient_error";
    }

    public sealed record TerminalFailure(string Reason, Exception? Error) : ReconcileOutcome
    {
        public override string Result => "terminal_error";
    }
}
