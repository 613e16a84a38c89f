using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.State;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// EndToEnd's <see cref="LocalStack"/> for the real-video fixture: fresh tables on the shared dynalite, a stream-key
/// file and UI-style destination writes, but the fixture's real-video emulator instead of its own, and no queues (the
/// worker runs without SQS locally).
/// </summary>
public sealed class WorkerFailoverStack : IAsyncDisposable
{
    public const string KeyPrefix = "/lunora/stream-keys";

    private readonly DynaliteFixture _dynalite;
    private readonly RealVideoFixture _video;
    private readonly string _channelId;
    private readonly string _keysFile;
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private WorkerUnderTest? _worker;

    private WorkerFailoverStack(DynaliteFixture dynalite, RealVideoFixture video, string channelId, StateOptions tables, string keysFile)
    {
        _dynalite = dynalite;
        _video = video;
        _channelId = channelId;
        Tables = tables;
        _keysFile = keysFile;
        Dynamo = dynalite.CreateClient();
    }

    public StateOptions Tables { get; }

    public AmazonDynamoDBClient Dynamo { get; }

    public static async Task<WorkerFailoverStack> StartAsync(DynaliteFixture dynalite, RealVideoFixture video, string channelId)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        ArgumentNullException.ThrowIfNull(video);
        var tables = new StateOptions
        {
            DestinationsTable = DynaliteFixture.UniqueName("dest"),
            PresetsTable = DynaliteFixture.UniqueName("presets"),
            SessionsTable = DynaliteFixture.UniqueName("sessions"),
            WorkerTable = DynaliteFixture.UniqueName("worker"),
            DefaultChannelId = channelId,
            ServiceUrl = dynalite.ServiceUrl,
            Region = "us-west-2",
        };
        using (var dynamo = dynalite.CreateClient())
        {
            await LocalTables.CreateAllAsync(dynamo, tables, CancellationToken.None);
        }

        var stack = new WorkerFailoverStack(dynalite, video, channelId, tables, Path.Combine(Path.GetTempPath(), $"lunora-keys-{Guid.NewGuid():N}.json"));
        await stack.WriteKeysAsync();
        return stack;
    }

    /// <summary>The worker's environment: this stack's tables, the fixture's emulator for MediaLive and CloudWatch.</summary>
    public Dictionary<string, string?> Environment(IDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var emulator = _video.Server.BaseAddress.ToString().TrimEnd('/');
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MEDIALIVE_CHANNEL_ID"] = _channelId,
            ["MEDIALIVE_REGION"] = "us-west-2",
            ["AWS_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = _dynalite.ServiceUrl,
            ["AWS_ENDPOINT_URL_MEDIALIVE"] = emulator,
            ["AWS_ENDPOINT_URL_CLOUDWATCH"] = emulator,
            ["DESTINATIONS_TABLE"] = Tables.DestinationsTable,
            ["PRESETS_TABLE"] = Tables.PresetsTable,
            ["SESSIONS_TABLE"] = Tables.SessionsTable,
            ["WORKER_TABLE"] = Tables.WorkerTable,
            ["PARAMETER_STORE_PREFIX"] = KeyPrefix,
            ["STREAM_KEYS_FILE"] = _keysFile,
            ["HEALTH_PORT"] = "0",
            ["LUNORA_LOG_FORMAT"] = "text",
        };
        foreach (var (key, value) in overrides)
        {
            env[key] = value;
        }

        return env;
    }

    public async Task<WorkerUnderTest> StartWorkerAsync(IDictionary<string, string?> overrides)
    {
        _worker = await WorkerUnderTest.StartAsync(Environment(overrides));
        return _worker;
    }

    /// <summary>A destination as the UI writes it, with a primary and a backup endpoint, each with its own key.</summary>
    public async Task PutDestinationAsync(string id, string primaryUrl, string backupUrl, bool failover)
    {
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var item = new Dictionary<string, AttributeValue>
        {
            ["destination_id"] = new(id),
            ["name"] = new(id),
            ["platform"] = new("custom"),
            ["rtmp_url"] = new(primaryUrl),
            ["stream_key_param"] = new(await AddKeyAsync(id)),
            ["backup_rtmp_url"] = new(backupUrl),
            ["backup_stream_key_param"] = new(await AddKeyAsync(id + "-backup")),
            ["enabled"] = new() { BOOL = true },
            ["desired_state"] = new("streaming"),
            ["desired_version"] = new() { N = "1" },
            ["failover_enabled"] = new() { BOOL = failover },
            ["streaming_status"] = new("ready"),
            ["created_at"] = new(now),
            ["updated_at"] = new(now),
        };
        await Dynamo.PutItemAsync(Tables.DestinationsTable, item);
    }

    public async Task<Dictionary<string, AttributeValue>> DestinationAsync(string id) =>
        (await Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Tables.DestinationsTable,
            Key = new() { ["destination_id"] = new(id) },
            ConsistentRead = true,
        })).Item ?? [];

    public async Task<string?> AttributeAsync(string id, string attribute) =>
        (await DestinationAsync(id)).TryGetValue(attribute, out var v) ? v.S : null;

    /// <summary>Every failover the sessions table recorded on channel runs: (destination, from, to, reason).</summary>
    public async Task<List<(string Destination, string From, string To, string Reason)>> RecordedFailoversAsync()
    {
        var scan = await Dynamo.ScanAsync(new ScanRequest { TableName = Tables.SessionsTable, ConsistentRead = true });
        return [.. (scan.Items ?? [])
            .Where(i => i.TryGetValue(SessionRecorder.Kind, out var kind) && kind.S == SessionRecorder.ChannelRunKind)
            .SelectMany(i => i.TryGetValue("failovers", out var list) ? list.L ?? [] : [])
            .Select(f => f.M)
            .Select(m => (m["destination_id"].S, m["from"].S, m["to"].S, m["reason"].S))];
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        // A test that failed midway must not leave its channel encoding while the collection's next test measures.
        try
        {
            await _video.StopChannelAsync(_channelId);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException)
        {
            // The test's own failure is the one to report.
        }

        Dynamo.Dispose();
        File.Delete(_keysFile);
    }

    private async Task<string> AddKeyAsync(string name)
    {
        var parameter = $"{KeyPrefix}/{name}";
        _keys[parameter] = "key-" + Guid.NewGuid().ToString("N")[..20];
        await WriteKeysAsync();
        return parameter;
    }

    private Task WriteKeysAsync() => File.WriteAllTextAsync(_keysFile, JsonSerializer.Serialize(_keys));
}
