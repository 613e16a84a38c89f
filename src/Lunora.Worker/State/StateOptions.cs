namespace Lunora.Worker.State;

/// <summary>Table names, endpoint and timings of the DynamoDB side (docs/dynamodb-contract.md). Read from the environment.</summary>
public sealed record StateOptions
{
    public string DestinationsTable { get; init; } = "lunora-destinations";

    public string PresetsTable { get; init; } = "lunora-presets";

    public string SessionsTable { get; init; } = "lunora-streaming-sessions";

    /// <summary>Worker-owned: the lease, processed-command records, per-channel control (pause) and open-session pointers.</summary>
    public string WorkerTable { get; init; } = "lunora-worker";

    /// <summary>The channel a destination belongs to when its record has no <c>channel_id</c>.</summary>
    public string? DefaultChannelId { get; init; }

    /// <summary>Every channel the deployment manages (<see cref="Configuration.ChannelSettings"/>); empty: the default one alone.</summary>
    public IReadOnlyList<string> ChannelIds { get; init; } = [];

    public string? ServiceUrl { get; init; }

    public string? Region { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Subtracted from the expiry this instance wrote before it believes it still holds the lease (clock skew between tasks).</summary>
    public TimeSpan LeaseSafetyMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Unique per process: two tasks of one deployment never share it.</summary>
    public string HolderId { get; init; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..8];

    // Half a second keeps intent-to-first-call under 1 s in the worst case (measured in docs/loop.md); a keys-only Scan
    // of tens of items twice a second costs about one read unit a second.
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan FullResyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many recent automatic switches a destination remembers for flap damping.</summary>
    public int FailoverMemory { get; init; } = 10;

    /// <summary>Set by the host from LUNORA_COST_PER_HOUR, which LunoraSettings parses and validates once.</summary>
    public decimal CostPerChannelHourUsd { get; init; } = 1.50m;

    public string LeaseKey => "lease#" + (DefaultChannelId ?? "default");

    /// <summary>False for a record naming a channel this deployment does not manage: that record is an error, not a channel.</summary>
    public bool Manages(string? recordChannel) =>
        recordChannel is null
        || string.Equals(recordChannel, DefaultChannelId, StringComparison.Ordinal)
        || ChannelIds.Contains(recordChannel, StringComparer.Ordinal)
        || (DefaultChannelId is null && ChannelIds.Count == 0);

    /// <summary>For tools and tests; the host uses the instance <see cref="Configuration.LunoraSettings"/> parsed, with its problems.</summary>
    public static StateOptions FromConfiguration(IConfiguration configuration) => Parse(configuration, new List<string>());

    public static StateOptions Parse(IConfiguration configuration, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var defaults = new StateOptions();
        // The channel settings report their own problems where LunoraSettings parses them.
        var channels = Configuration.ChannelSettings.Parse(configuration, new List<string>());
        var watch = defaults.WatchInterval;
        if (Value(configuration, "LUNORA_INTENT_POLL_SECONDS") is { } rawPoll)
        {
            if (double.TryParse(rawPoll, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var poll) && poll > 0)
            {
                watch = TimeSpan.FromSeconds(poll);
            }
            else
            {
                problems.Add($"LUNORA_INTENT_POLL_SECONDS must be a positive number of seconds, not '{rawPoll}'");
            }
        }

        return defaults with
        {
            DestinationsTable = Value(configuration, "DESTINATIONS_TABLE") ?? defaults.DestinationsTable,
            PresetsTable = Value(configuration, "PRESETS_TABLE") ?? defaults.PresetsTable,
            SessionsTable = Value(configuration, "SESSIONS_TABLE") ?? defaults.SessionsTable,
            WorkerTable = Value(configuration, "WORKER_TABLE") ?? defaults.WorkerTable,
            DefaultChannelId = channels.DefaultChannelId is { Length: > 0 } channel ? channel : null,
            ChannelIds = channels.ChannelIds,
            ServiceUrl = Value(configuration, "AWS_ENDPOINT_URL_DYNAMODB") ?? Value(configuration, "AWS_ENDPOINT_URL"),
            Region = Value(configuration, "AWS_REGION"),
            WatchInterval = watch,
        };
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : null;
}
