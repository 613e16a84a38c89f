using System.Globalization;
using Lunora.Worker.Configuration;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// LUNORA_LIVENESS_STALE_SECONDS: how long the leader may go without completing a reconcile of any channel before
/// /livez (and so the container health check) fails and ECS replaces the task. The periodic resync reconciles every
/// channel at least once a minute, so the default of 15 minutes only trips on a wedged loop, not on a slow AWS call or
/// a backoff.
/// </summary>
public sealed record LivenessOptions(TimeSpan StaleAfter)
{
    public const string Variable = "LUNORA_LIVENESS_STALE_SECONDS";

    public static LivenessOptions Default { get; } = new(TimeSpan.FromMinutes(15));

    public static LivenessOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["LUNORA_LIVENESS_STALE_SECONDS"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? new LivenessOptions(TimeSpan.FromSeconds(seconds))
            : throw new ConfigurationProblemsException([$"{Variable} must be a positive number of seconds, got '{text}'."]);
    }
}
