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
    /// <summary>The default channel (<see cref="ChannelSettings.DefaultChannelId"/>).</summary>
    public string ChannelId => Channels.DefaultChannelId;

    public ChannelSettings Channels { get; init; } = new();

    public string Region { get; init; } = "";

    public int HealthPort { get; init; } = 8080;

    public bool JsonLogs { get; init; }

    /// <summary>/readyz turns unready when no reconcile has succeeded for this long.</summary>
    public TimeSpan ReadyStaleAfter { get; init; } = TimeSpan.FromMinutes(3);

    public ReconcilePolicy Policy { get; init; } = ReconcilePolicy.Default;

    public LoopOptions Loop { get; init; } = new();

    /// <summary>Tables, lease and watch timings; the host registers this instance.</summary>
    public Lunora.Worker.State.StateOptions State { get; init; } = new();

    public Lunora.Worker.Aws.MediaLiveRateLimitOptions MediaLiveRateLimit { get; init; } = Lunora.Worker.Aws.MediaLiveRateLimitOptions.Default;

    /// <summary>Delivery mode and, in relay mode, the relays (<c>LUNORA_DELIVERY_MODE</c>, <c>LUNORA_RELAY_*</c>).</summary>
    public Lunora.Worker.Relay.RelaySettings Relay { get; init; } = Lunora.Worker.Relay.RelaySettings.Direct;

    /// <summary>The SQS and SSM clients' endpoints and region.</summary>
    public Lunora.Worker.Aws.AwsSdkSettings Aws { get; init; } = new(null, null, null);

    public Lunora.Worker.Telemetry.TelemetrySettings Telemetry { get; init; } = new();

    /// <summary>False with <c>LUNORA_PREFLIGHT=off</c>: the start-up checks are skipped.</summary>
    public bool Preflight { get; init; } = true;

    public IReadOnlyList<string> Problems { get; init; } = [];

    public static LunoraSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();

        var channels = ChannelSettings.Parse(configuration, problems);

        var region = configuration["MEDIALIVE_REGION"] ?? configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"];
        if (string.IsNullOrWhiteSpace(region))
        {
            problems.Add("MEDIALIVE_REGION (or AWS_REGION) is not set: the region of the MediaLive channel (e.g. us-west-2)");
        }

        RequiredWorld(configuration, problems);

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

        var state = Lunora.Worker.State.StateOptions.Parse(configuration, problems) with { CostPerChannelHourUsd = cost };
        var rateLimit = Lunora.Worker.Aws.MediaLiveRateLimitOptions.Parse(name => configuration[name], problems);
        var (relay, relayProblems) = Lunora.Worker.Relay.RelaySettings.From(name => configuration[name]);
        problems.AddRange(relayProblems);
        relay ??= Lunora.Worker.Relay.RelaySettings.Direct;
        var preflight = configuration["LUNORA_PREFLIGHT"];
        if (preflight is { Length: > 0 } && !string.Equals(preflight, "off", StringComparison.OrdinalIgnoreCase) && !string.Equals(preflight, "on", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"LUNORA_PREFLIGHT must be 'on' or 'off', not '{preflight}'");
        }

        return new LunoraSettings
        {
            State = state,
            MediaLiveRateLimit = rateLimit,
            Aws = Lunora.Worker.Aws.AwsSdkSettings.From(configuration),
            Telemetry = Lunora.Worker.Telemetry.TelemetrySettings.From(configuration),
            Preflight = !string.Equals(preflight, "off", StringComparison.OrdinalIgnoreCase),
            Channels = channels,
            Region = region ?? "",
            HealthPort = Integer("HEALTH_PORT", 8080, 0),
            ReadyStaleAfter = Seconds("LUNORA_READY_STALE_SECONDS", TimeSpan.FromMinutes(3)),
            JsonLogs = !string.Equals(configuration["LUNORA_LOG_FORMAT"], "text", StringComparison.OrdinalIgnoreCase)
                && (string.Equals(configuration["LUNORA_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase)
                    || configuration["ECS_CONTAINER_METADATA_URI_V4"] is not null),
            Policy = policy with { Delivery = relay.Mode },
            Loop = loop,
            Relay = relay,
            Problems = problems,
        };
    }

    /// <summary>True inside an ECS task: there the queues are required, locally they are optional.</summary>
    public static bool InEcs(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration["ECS_CONTAINER_METADATA_URI_V4"]);
    }

    // Everything the worker needs to find its world: stream keys, queues, tables, endpoints. Each problem names the
    // setting and says what a good value looks like.
    private static void RequiredWorld(IConfiguration configuration, List<string> problems)
    {
        var prefix = configuration["PARAMETER_STORE_PREFIX"];
        if (string.IsNullOrWhiteSpace(prefix))
        {
            if (string.IsNullOrWhiteSpace(configuration["STREAM_KEYS_FILE"]))
            {
                problems.Add("PARAMETER_STORE_PREFIX is not set: the Parameter Store path of the stream keys (e.g. /lunora/stream-keys); for a local run set STREAM_KEYS_FILE instead");
            }
        }
        else if (!prefix.Trim().StartsWith('/'))
        {
            problems.Add($"PARAMETER_STORE_PREFIX must start with '/', not '{prefix}' (e.g. /lunora/stream-keys)");
        }

        var ecs = InEcs(configuration);
        foreach (var (name, purpose) in new[] { ("COMMANDS_QUEUE_URL", "the commands queue"), ("EVENTS_QUEUE_URL", "the MediaLive events queue") })
        {
            var url = configuration[name];
            if (string.IsNullOrWhiteSpace(url))
            {
                if (ecs)
                {
                    problems.Add($"{name} is not set: the URL of {purpose} (e.g. https://sqs.us-west-2.amazonaws.com/123456789012/lunora-commands); required in ECS");
                }
            }
            else if (!IsHttpUrl(url))
            {
                problems.Add($"{name} must be an http(s) queue URL (e.g. https://sqs.us-west-2.amazonaws.com/123456789012/lunora-commands), not '{url}'");
            }
        }

        if (configuration["COMMANDS_DLQ_URL"] is { Length: > 0 } dlq && !IsHttpUrl(dlq))
        {
            problems.Add($"COMMANDS_DLQ_URL must be an http(s) queue URL, not '{dlq}'");
        }

        foreach (var name in new[] { "DESTINATIONS_TABLE", "PRESETS_TABLE", "SESSIONS_TABLE", "WORKER_TABLE" })
        {
            if (configuration[name] is { Length: > 0 } table && !IsTableName(table.Trim()))
            {
                problems.Add($"{name} must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .), not '{table}'");
            }
        }

        foreach (var name in new[] { "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL_MEDIALIVE", "AWS_ENDPOINT_URL_CLOUDWATCH" })
        {
            if (configuration[name] is { Length: > 0 } endpoint && !IsHttpUrl(endpoint))
            {
                problems.Add($"{name} must be an http(s) URL (e.g. http://127.0.0.1:4566), not '{endpoint}'");
            }
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    private static bool IsTableName(string value) =>
        value.Length is >= 3 and <= 255 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
