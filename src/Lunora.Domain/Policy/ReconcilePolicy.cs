namespace Lunora.Domain.Policy;

/// <summary>Timing rules for the planner. Defaults are the production values.</summary>
public sealed record ReconcilePolicy
{
    /// <summary>How long a running channel with no destination wanting to stream is kept before it is stopped.</summary>
    public TimeSpan IdleGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A running channel is restarted for changed outputs only this long after the last intent change, so a burst of clicks costs one restart.</summary>
    public TimeSpan CoalesceWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sustained failure of the URL in use before a single-pipeline destination switches to its backup.</summary>
    public TimeSpan FailoverAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null: never fail back automatically. Otherwise: after the primary has been healthy this long.</summary>
    public TimeSpan? FailbackAfter { get; init; }

    /// <summary>Automatic switches allowed per destination per hour; past it the planner holds and says why.</summary>
    public int MaxFailoversPerHour { get; init; } = 3;

    /// <summary>How often to look again while the channel is in a transition (the official waiters poll every 5 s).</summary>
    public TimeSpan TransitionPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Relay: managed outputs are relay paths (one session per destination), changed without touching the channel;
    /// the channel's own outputs are the relay ingests (<see cref="Lunora.Domain.Delivery.RelayPlanner"/>).
    /// </summary>
    public Lunora.Domain.Delivery.DeliveryMode Delivery { get; init; } = Lunora.Domain.Delivery.DeliveryMode.Direct;

    public static ReconcilePolicy Default { get; } = new();
}
