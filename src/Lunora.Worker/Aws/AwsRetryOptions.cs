namespace Lunora.Worker.Aws;

/// <summary>Bounded exponential backoff with jitter for transient AWS failures.</summary>
/// <param name="MaxRetryAttempts">Retries after the first attempt.</param>
/// <param name="BaseDelay">First backoff; doubles per retry, jittered.</param>
/// <param name="MaxDelay">Cap for a single backoff.</param>
public sealed record AwsRetryOptions(int MaxRetryAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly AwsRetryOptions Default = new(4, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
}
