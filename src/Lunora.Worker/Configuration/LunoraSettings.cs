using System.Globalization;
using Lunora.Domain.Policy;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Configuration;

/// <summary>
/// The worker's settings, read from the environment under the names the existing Lambda uses plus LUNORA_* tuning.
/// <see cref="Problems"/> names every missing or malformed required setting at once, so a bad deployment fails with
/// one clear list instead of the first error.
/// </summary>
public sealed record LunoraSettings
{
    public string ChannelId { get; init; } = "";

    public string Region { get; init; } = "";

    public int HealthPort { get; init; } = 8080;

    public bool JsonLogs { get; init; }

    public ReconcilePolicy Policy { get; init; } = ReconcilePolicy.Default;

    public LoopOptions Loop { get; init; } = new();

    public IReadOnlyList<string> Problems { get; init; } = [];

    public static LunoraSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();

        var channel = configuration["MEDIALIVE_CHANNEL_ID"];
        if (string.IsNullOrWhiteSpace(channel))
        {
            problems.Add("MEDIALIVE_CHANNEL_ID is not set: the id of the MediaLive channel to reconcile (e.g. 3714710)");
        }

        var region = configuration["MEDIALIVE_REGION"] ?? configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"];
        if (string.IsNullOrWhiteSpace(region))
        {
            problems.Add("MEDIALIVE_REGION (or AWS_REGION) is not set: the region of the MediaLive channel (e.g. us-west-2)");
        }

        TimeSpan Seconds(string name, TimeSpan fallback)
        {
            var raw = configuration[name];
            if (raw is null)
            {
                return fallback;
            }

            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return TimeSpan.FromSeconds(value);
            }

            problems.Add($"{name} must be a number of seconds, not '{raw}'");
            return fallback;
        }

        int Integer(string name, int fallback, int min)
        {
            var raw = configuration[name];
            if (raw is null)
            {
                return fallback;
            }

            if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
            {
                return value;
            }

            problems.Add($"{name} must be a whole number of at least {min}, not '{raw}'");
            return fallback;
        }

        var defaults = ReconcilePolicy.Default;
        var failback = configuration["LUNORA_FAILBACK_AFTER_SECONDS"] is { Length: > 0 } ? Seconds("LUNORA_FAILBACK_AFTER_SECONDS", TimeSpan.Zero) : (TimeSpan?)null;
        var policy = defaults with
        {
            IdleGrace = Seconds("LUNORA_IDLE_GRACE_SECONDS", defaults.IdleGrace),
            CoalesceWindow = Seconds("LUNORA_COALESCE_SECONDS", defaults.CoalesceWindow),
            FailoverAfter = Seconds("LUNORA_FAILOVER_AFTER_SECONDS", defaults.FailoverAfter),
            FailbackAfter = failback,
            MaxFailoversPerHour = Integer("LUNORA_MAX_FAILOVERS_PER_HOUR", defaults.MaxFailoversPerHour, 0),
            TransitionPollInterval = Seconds("LUNORA_TRANSITION_POLL_SECONDS", defaults.TransitionPollInterval),
        };

        var loopDefaults = new LoopOptions();
        decimal cost = loopDefaults.CostPerHour;
        if (configuration["LUNORA_COST_PER_HOUR"] is { } rawCost
            && !decimal.TryParse(rawCost, NumberStyles.Number, CultureInfo.InvariantCulture, out cost))
        {
            problems.Add($"LUNORA_COST_PER_HOUR must be a number (USD per hour), not '{rawCost}'");
            cost = loopDefaults.CostPerHour;
        }

        var loop = loopDefaults with
        {
            ResyncInterval = Seconds("LUNORA_RESYNC_SECONDS", loopDefaults.ResyncInterval),
            HealthPollInterval = Seconds("LUNORA_HEALTH_POLL_SECONDS", loopDefaults.HealthPollInterval),
            MaxConcurrentReconciles = Integer("LUNORA_MAX_CONCURRENT_RECONCILES", loopDefaults.MaxConcurrentReconciles, 1),
            CostPerHour = cost,
        };

        return new LunoraSettings
        {
            ChannelId = channel ?? "",
            Region = region ?? "",
            HealthPort = Integer("HEALTH_PORT", 8080, 0),
            JsonLogs = !string.Equals(configuration["LUNORA_LOG_FORMAT"], "text", StringComparison.OrdinalIgnoreCase)
                && (string.Equals(configuration["LUNORA_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase)
                    || configuration["ECS_CONTAINER_METADATA_URI_V4"] is not null),
            Policy = policy,
            Loop = loop,
            Problems = problems,
        };
    }
}
