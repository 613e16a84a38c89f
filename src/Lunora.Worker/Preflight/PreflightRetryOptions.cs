namespace Lunora.Worker.Preflight;

/// <summary>Brief on purpose: preflight should fail within seconds, not ride out an outage.</summary>
public sealed record PreflightRetryOptions(int MaxRetryAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout)
{
    public static readonly PreflightRetryOptions Default = new(2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));

    /// <summary>Source of jitter in [0, 1); null for Polly's own.</summary>
    public Func<double>? Randomizer { get; init; }
}
