namespace Lunora.Worker.Loop;

/// <summary>Timing of the loop around the planner (the planner's own timing is in ReconcilePolicy).</summary>
public sealed record LoopOptions
{
    /// <summary>Every known channel is reconciled at least this often, whatever else happens.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running channel's health is read (ListAlerts, ActiveOutputs).</summary>
    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Channels reconciled at once; one channel is never reconciled twice at the same time. A run mostly waits (on
    /// MediaLive's rate limiter, on UPDATING), so the bound is about memory and DynamoDB, not the API budget: with 4,
    /// 50 channels started together waited up to 14 s for their first call (docs/benchmarks.md).
    /// </summary>
    public int MaxConcurrentReconciles { get; init; } = 32;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A not-leader run looks again after this (about one lease renewal).</summary>
    public TimeSpan NotLeaderRetry { get; init; } = TimeSpan.FromSeconds(5);

    public decimal CostPerHour { get; init; } = 1.50m;
}
