using Amazon.DynamoDBv2;
using Amazon.SQS;
using Lunora.Worker.Aws;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.Configuration;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The checks, from the worker's own registrations: the world (run at start-up and by <c>check</c>) and the
/// permissions (only <c>check</c>: they call mutating APIs in ways that cannot change anything).
/// </summary>
public sealed class PreflightChecks(IServiceProvider services, LunoraSettings settings, IConfiguration configuration)
{
    private static readonly string[] TableSettings = ["DESTINATIONS_TABLE", "PRESETS_TABLE", "SESSIONS_TABLE", "WORKER_TABLE"];

    /// <summary>The environment variable naming the EventBridge rules: rule of a channel = prefix + channel id.</summary>
    public const string EventsRulePrefixVariable = "EVENTS_RULE_PREFIX";

    /// <summary>Every channel the deployment manages (LUNORA_CHANNEL_IDS), the default one first.</summary>
    public IReadOnlyList<string> Channels =>
        [settings.ChannelId, .. settings.Channels.ChannelIds.Where(c => !string.Equals(c, settings.ChannelId, StringComparison.Ordinal))];

    /// <param name="beforeDeploy">
    /// <c>check --before-deploy</c>: what the stack creates (the worker table, the queues, the rules) may be missing and
    /// is then reported as <see cref="PreflightStatus.Later"/>. The start-up gate never passes it: a running worker needs them.
    /// </param>
    public IReadOnlyList<IPreflightCheck> World(bool beforeDeploy = false)
    {
        var tables = services.GetRequiredService<StateOptions>();
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();
        var medialive = services.GetRequiredService<MediaLiveClient>();
        var checks = new List<IPreflightCheck>();
        var expected = LocalTables.Expected(tables);
        for (var i = 0; i < expected.Count; i++)
        {
            checks.Add(new TableCheck(dynamo, TableSettings[i], expected[i].Table, expected[i].HashKey, beforeDeploy && TableSettings[i] == "WORKER_TABLE"));
        }

        foreach (var channel in Channels)
        {
            checks.Add(new ChannelCheck(medialive, channel, settings.Region));
            checks.Add(new ChannelInputCheck(medialive, channel));
        }

        foreach (var (setting, url) in Queues())
        {
            checks.Add(url is null
                ? new NotConfiguredCheck(setting, setting == "COMMANDS_QUEUE_URL" ? "commands are not consumed" : "MediaLive events are not consumed")
                : new QueueCheck(services.GetRequiredService<IAmazonSQS>(), setting, url, beforeDeploy));
        }

        return checks;
    }

    /// <summary>
    /// The records, for <c>check</c> only: one bad record is that destination's error in the running worker, so the
    /// start-up gate never looks at them. Read-only (no migration, nothing cached for the worker).
    /// </summary>
    public DestinationRecordsCheck Records()
    {
        var notices = new DestinationNotices();
        var reader = new DesiredStateReader(
            services.GetRequiredService<DestinationScanner>(),
            services.GetRequiredService<StreamKeyResolver>(),
            new StatusCache(),
            notices,
            services.GetRequiredService<ILogger<DesiredStateReader>>(),
            migration: null,
            channelKeys: services.GetService<IChannelKeySource>());
        return new DestinationRecordsCheck(reader, notices, services.GetRequiredService<StateOptions>(), Channels);
    }

    /// <summary>Every stream key parameter every record names, one row each (<c>check</c> only).</summary>
    public StreamKeysCheck Keys() => new(
        services.GetRequiredService<DestinationScanner>(),
        services.GetRequiredService<StreamKeyResolver>(),
        services.GetRequiredService<StateOptions>());

    /// <summary>
    /// Every permission the worker uses, per channel, each with a call that changes nothing (see docs/preflight.md,
    /// "Permission probes", for which call proves which action and the one pair that is not probed).
    /// </summary>
    public IReadOnlyList<IPreflightCheck> Permissions(bool beforeDeploy = false)
    {
        var medialive = services.GetRequiredService<MediaLiveClient>();
        var checks = new List<IPreflightCheck>();
        foreach (var channel in Channels)
        {
            checks.Add(new ChannelUpdatePermissionCheck(medialive, channel));
            checks.Add(new ChannelStartStopCheck(channel));
            checks.Add(new ChannelAlertsReadCheck(medialive, channel));
            checks.Add(new ChannelMetricsReadCheck(services.GetRequiredService<CloudWatchClient>(), channel, services.GetRequiredService<TimeProvider>()));
        }

        checks.Add(new WorkerTableWriteCheck(services.GetRequiredService<IAmazonDynamoDB>(), services.GetRequiredService<StateOptions>()));
        var sqs = services.GetRequiredService<IAmazonSQS>();
        foreach (var (setting, url) in Queues())
        {
            if (url is not null)
            {
                checks.Add(setting == "COMMANDS_DLQ_URL"
                    ? new DeadLetterSendCheck(sqs, setting, url, Value("COMMANDS_QUEUE_URL"))
                    : new QueueReceivePermissionCheck(sqs, setting, url));
            }
        }

        if (Value("EVENTS_QUEUE_URL") is { } eventsQueue)
        {
            if (Value("EVENTS_RULE_PREFIX") is { } prefix)
            {
                var events = new EventRuleClient(new AwsHttpTransport(
                    services.GetRequiredService<IHttpClientFactory>().CreateClient(AwsService.EventBridge.SigningName),
                    AwsClientSettings.FromEnvironment(AwsService.EventBridge, key => configuration[key]),
                    services.GetRequiredService<TimeProvider>()));
                checks.AddRange(Channels.Select(channel => new EventRuleTargetCheck(events, sqs, prefix + channel, eventsQueue, beforeDeploy)));
            }
            else
            {
                checks.Add(new NotConfiguredCheck(EventsRulePrefixVariable, "the EventBridge rules' targets are not checked", "rules"));
            }
        }

        // check only, not the start-up gate: an unreachable relay degrades its destinations, it must not stop the worker.
        checks.AddRange(RelayApiCheck.For(services));
        return checks;
    }

    private IEnumerable<(string Setting, string? Url)> Queues()
    {
        yield return ("COMMANDS_QUEUE_URL", Value("COMMANDS_QUEUE_URL"));
        yield return ("EVENTS_QUEUE_URL", Value("EVENTS_QUEUE_URL"));
        if (Value("COMMANDS_DLQ_URL") is { } dlq)
        {
            yield return ("COMMANDS_DLQ_URL", dlq);
        }
    }

    private string? Value(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;
}
