using Amazon.DynamoDBv2;
using Amazon.SQS;
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

    public IReadOnlyList<IPreflightCheck> World()
    {
        var tables = services.GetRequiredService<StateOptions>();
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();
        var medialive = services.GetRequiredService<MediaLiveClient>();
        var checks = new List<IPreflightCheck>();
        var expected = LocalTables.Expected(tables);
        for (var i = 0; i < expected.Count; i++)
        {
            checks.Add(new TableCheck(dynamo, TableSettings[i], expected[i].Table, expected[i].HashKey));
        }

        checks.Add(new ChannelCheck(medialive, settings.ChannelId, settings.Region));
        checks.Add(new ChannelInputCheck(medialive, settings.ChannelId));
        foreach (var (setting, url) in Queues())
        {
            checks.Add(url is null
                ? new NotConfiguredCheck(setting, setting == "COMMANDS_QUEUE_URL" ? "commands are not consumed" : "MediaLive events are not consumed")
                : new QueueCheck(services.GetRequiredService<IAmazonSQS>(), setting, url));
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
        return new DestinationRecordsCheck(reader, notices, services.GetRequiredService<StateOptions>(), settings.ChannelId);
    }

    public IReadOnlyList<IPreflightCheck> Permissions()
    {
        var checks = new List<IPreflightCheck>
        {
            new ChannelUpdatePermissionCheck(services.GetRequiredService<MediaLiveClient>(), settings.ChannelId),
            new WorkerTableWriteCheck(services.GetRequiredService<IAmazonDynamoDB>(), services.GetRequiredService<StateOptions>()),
        };
        // check only, not the start-up gate: an unreachable relay degrades its destinations, it must not stop the worker.
        checks.AddRange(RelayApiCheck.For(services));
        foreach (var (setting, url) in Queues())
        {
            if (url is not null && setting != "COMMANDS_DLQ_URL")
            {
                checks.Add(new QueueReceivePermissionCheck(services.GetRequiredService<IAmazonSQS>(), setting, url));
            }
        }

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
