namespace Lunora.Worker.Loop;

/// <summary>
/// How one reconcile ended, as facts; the loop maps each case in one switch to the next look (one queue call), one
/// metric and one log line. A transient failure is retried with jittered capped backoff; a terminal one is recorded
/// (on the destinations' status) and waits for a change or the periodic resync.
/// </summary>
public abstract record ReconcileOutcome
{
    private ReconcileOutcome()
    {
    }

    public abstract string Result { get; }

    /// <summary>Planned and executed.</summary>
    /// <param name="PlanRequeueAfter">When the plan has something due (null: nothing).</param>
    /// <param name="Running">The channel runs: its outputs' health is watched.</param>
    public sealed record Converged(TimeSpan? PlanRequeueAfter, bool Running, int Mutations) : ReconcileOutcome
    {
        public override string Result => Mutations > 0 ? "requeue" : "converged";
    }

    /// <summary>A mutation started a transition; plan again once it is over.</summary>
    public sealed record AwaitingTransition(int Mutations, string Transition) : ReconcileOutcome
    {
        public override string Result => "awaiting_transition";
    }

    public sealed record NotLeader : ReconcileOutcome
    {
        public override string Result => "not_leader";
    }

    public sealed record Paused(TimeSpan? PlanRequeueAfter, bool Running) : ReconcileOutcome
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
