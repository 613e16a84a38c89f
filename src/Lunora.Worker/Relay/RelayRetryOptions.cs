namespace Lunora.Worker.Relay;

/// <summary>Bounded exponential backoff with jitter for transient relay API failures, and the per-call timeout.</summary>
public sealed record RelayRetryOptions(int MaxRetryAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan CallTimeout)
{
    /// <summary>Short: a relay that stays unreachable is reported at the next look rather than holding up the loop.</summary>
    public static readonly RelayRetryOptions Default = new(2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
}
