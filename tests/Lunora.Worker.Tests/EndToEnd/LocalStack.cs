using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Emulator;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// One test's world: fresh tables on the shared dynalite, fresh queues on the shared fauxqs, its own in-process
/// emulator (fast profile) and a stream-key file; plus the UI's side of the contract (intent writes) and the
/// operator's view (the channel as MediaLive reports it).
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string DefaultChannel = "3714710";
    public const string KeyPrefix = "/lunora/stream-keys";

    private readonly DynaliteFixture _dynalite;
    private readonly List<WorkerUnderTest> _workers = [];
    private readonly string _keysFile;
    private readonly bool _ownsEmulator;

    private LocalStack(DynaliteFixture dynalite, EmulatorServer emulator, bool ownsEmulator, string channelId, StateOptions tables, string commandsQueue, string commandsDlq, string eventsQueue, string keysFile)
    {
        _dynalite = dynalite;
        _ownsEmulator = ownsEmulator;
        ChannelId = channelId;
        Emulator = emulator;
        Tables = tables;
        CommandsQueueUrl = commandsQueue;
        CommandsDlqUrl = commandsDlq;
        EventsQueueUrl = eventsQueue;
        _keysFile = keysFile;
        Dynamo = dynalite.CreateClient();
        Http = new HttpClient { BaseAddress = emulator.BaseAddress };
    }

    public EmulatorServer Emulator { get; }

    /// <summary>The channel the worker reconciles (MEDIALIVE_CHANNEL_ID).</summary>
    public string ChannelId { get; }

    public StateOptions Tables { get; }

    public string CommandsQueueUrl { get; }

    public string CommandsDlqUrl { get; }

    public string EventsQueueUrl { get; }

    public AmazonDynamoDBClient Dynamo { get; }

    public HttpClient Http { get; }

    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public static async Task<LocalStack> StartAsync(DynaliteFixture dynalite, FauxqsFixture fauxqs, TransitionProfile? profile = null, string? seedPath = null)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        ArgumentNullException.ThrowIfNull(fauxqs);
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Profile = profile ?? TransitionProfile.Fast,
            SeedPath = seedPath,
        });
        return await StartAsync(dynalite, fauxqs, emulator, ownsEmulator: true, DefaultChannel);
    }

    /// <summary>
    /// A stack on an emulator somebody else runs (the real-video fixture's), for <paramref name="channelId"/>, with no
    /// queues: the worker then runs without SQS, as it may locally. The emulator is not disposed with the stack.
    /// </summary>
    public static Task<LocalStack> StartOnAsync(DynaliteFixture dynalite, EmulatorServer emulator, string channelId)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        ArgumentNullException.ThrowIfNull(emulator);
        return StartAsync(dynalite, fauxqs: null, emulator, ownsEmulator: false, channelId);
    }

    /// <summary>A stack whose channel 3714710 is SINGLE_PIPELINE (the embedded seed makes it STANDARD).</summary>
    public static async Task<LocalStack> StartSinglePipelineAsync(DynaliteFixture dynalite, FauxqsFixture fauxqs)
    {
        var seed = await TestSeed.WithChannelClassAsync(DefaultChannel, "SINGLE_PIPELINE");
        try
        {
            return await StartAsync(dynalite, fauxqs, seedPath: seed);
        }
        finally
        {
            // The emulator reads its seed once, at start.
            File.Delete(seed);
        }
    }

    private static async Task<LocalStack> StartAsync(DynaliteFixture dynalite, FauxqsFixture? fauxqs, EmulatorServer emulator, bool ownsEmulator, string channelId)
    {
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

        var (commands, dlq) = fauxqs is null ? ("", "") : await fauxqs.CreateQueueWithDlqAsync("cmd", maxReceiveCount: 5);
        var (events, _) = fauxqs is null ? ("", "") : await fauxqs.CreateQueueWithDlqAsync("evt", maxReceiveCount: 5);
        var keysFile = Path.Combine(Path.GetTempPath(), $"lunora-keys-{Guid.NewGuid():N}.json");
        var stack = new LocalStack(dynalite, emulator, ownsEmulator, channelId, tables, commands, dlq, events, keysFile)
        {
            SqsServiceUrl = fauxqs?.ServiceUrl ?? "",
        };
        await stack.WriteKeysAsync();
        return stack;
    }

    public string SqsServiceUrl { get; private init; } = "";

    public string DynamoServiceUrl => _dynalite.ServiceUrl;

    /// <summary>The environment a deployed worker would get, pointed at this stack, with fast test timings.</summary>
    public Dictionary<string, string?> Environment(IDictionary<string, string?>? overrides = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MEDIALIVE_CHANNEL_ID"] = ChannelId,
            ["MEDIALIVE_REGION"] = "us-west-2",
            ["AWS_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = _dynalite.ServiceUrl,
            ["AWS_ENDPOINT_URL_SQS"] = SqsServiceUrl,
            ["AWS_ENDPOINT_URL_MEDIALIVE"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
            ["AWS_ENDPOINT_URL_CLOUDWATCH"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
            ["DESTINATIONS_TABLE"] = Tables.DestinationsTable,
            ["PRESETS_TABLE"] = Tables.PresetsTable,
            ["SESSIONS_TABLE"] = Tables.SessionsTable,
            ["WORKER_TABLE"] = Tables.WorkerTable,
            ["PARAMETER_STORE_PREFIX"] = KeyPrefix,
            ["STREAM_KEYS_FILE"] = _keysFile,
            ["COMMANDS_QUEUE_URL"] = CommandsQueueUrl,
            ["COMMANDS_DLQ_URL"] = CommandsDlqUrl,
            ["EVENTS_QUEUE_URL"] = EventsQueueUrl,
            ["HEALTH_PORT"] = "0",
            ["LUNORA_LOG_FORMAT"] = "text",
            ["LUNORA_IDLE_GRACE_SECONDS"] = "2",
            ["LUNORA_COALESCE_SECONDS"] = "1",
            ["LUNORA_FAILOVER_AFTER_SECONDS"] = "2",
            ["LUNORA_TRANSITION_POLL_SECONDS"] = "0.1",
            ["LUNORA_HEALTH_POLL_SECONDS"] = "0.3",
            ["LUNORA_RESYNC_SECONDS"] = "5",
        };
        // A stack without fauxqs runs the worker without SQS, as it may run locally.
        foreach (var unset in env.Where(kv => kv.Value is "").Select(kv => kv.Key).ToList())
        {
            env.Remove(unset);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return env;
    }

    public async Task<WorkerUnderTest> StartWorkerAsync(
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? late = null)
    {
        var worker = await WorkerUnderTest.StartAsync(Environment(overrides), services, late);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>A worker whose MediaLive mutations are logged in <paramref name="log"/> (with the lease state at each call).</summary>
    public Task<WorkerUnderTest> StartWorkerAsync(
        GatewayLog log,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? services = null) =>
        StartWorkerAsync(
            overrides,
            services,
            late => late.Decorate<IChannelGateway>((inner, sp) => new RecordingGateway(inner, sp.GetRequiredService<ILeaderLease>(), log)));

    /// <summary>
    /// Registers the worker's StateOptions ahead of its own (AddLunoraState uses TryAdd) with a short lease, so a
    /// takeover after a crash takes seconds rather than the production 20 s. Each call gets its own holder id.
    /// </summary>
    public Action<IServiceCollection> ShortLease(TimeSpan duration, TimeSpan renew)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Environment()).Build();
        return services => services.AddSingleton(StateOptions.FromConfiguration(configuration) with
        {
            LeaseDuration = duration,
            LeaseRenewInterval = renew,
            LeaseSafetyMargin = TimeSpan.FromMilliseconds(200),
        });
    }

    /// <summary>Adds a stream key to the parameter file (as an operator would put it in Parameter Store).</summary>
    public async Task<string> AddKeyAsync(string name, string? value = null)
    {
        var parameter = $"{KeyPrefix}/{name}";
        Keys[parameter] = value ?? "key-" + Guid.NewGuid().ToString("N")[..20];
        await WriteKeysAsync();
        return parameter;
    }

    /// <summary>Deletes a stream key from the parameter file (as if the parameter were deleted or became unreadable).</summary>
    public async Task RemoveKeyAsync(string name)
    {
        Keys.Remove($"{KeyPrefix}/{name}");
        await WriteKeysAsync();
    }

    /// <summary>Makes the parameter file unreadable as a whole: every key read fails (as if SSM denied every read).</summary>
    public Task CorruptKeysAsync() => File.WriteAllTextAsync(_keysFile, "{ not json");

    /// <summary>The reason the worker wrote in a destination's status, or null.</summary>
    public async Task<string?> StatusReasonAsync(string id) =>
        (await DestinationAsync(id)).TryGetValue("status_reason", out var v) ? v.S : null;

    /// <summary>Writes a destination record as the UI does today (plus the intent fields of the contract).</summary>
    public async Task PutDestinationAsync(
        string id,
        string url,
        string desiredState = "streaming",
        string? backupUrl = null,
        bool failover = false,
        string platform = "custom",
        Dictionary<string, AttributeValue>? extra = null)
    {
        var key = await AddKeyAsync(id);
        var item = new Dictionary<string, AttributeValue>
        {
            ["destination_id"] = new(id),
            ["name"] = new(id),
            ["platform"] = new(platform),
            ["rtmp_url"] = new(url),
            ["stream_key_param"] = new(key),
            ["enabled"] = new() { BOOL = true },
            ["desired_state"] = new(desiredState),
            ["desired_version"] = new() { N = "1" },
            ["failover_enabled"] = new() { BOOL = failover },
            ["streaming_status"] = new("ready"),
            ["created_at"] = new(Now()),
            ["updated_at"] = new(Now()),
        };
        if (backupUrl is not null)
        {
            item["backup_rtmp_url"] = new(backupUrl);
            item["backup_stream_key_param"] = new(await AddKeyAsync(id + "-backup"));
        }

        foreach (var (k, v) in extra ?? [])
        {
            item[k] = v;
        }

        await Dynamo.PutItemAsync(Tables.DestinationsTable, item);
    }

    /// <summary>The UI's intent write: UpdateItem of intent attributes only, bumping the version.</summary>
    public Task SetDesiredAsync(string id, string desiredState) =>
        Dynamo.UpdateItemAsync(new UpdateItemRequest
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
        });

    public async Task<Dictionary<string, AttributeValue>> DestinationAsync(string id) =>
        (await Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Tables.DestinationsTable,
            Key = new() { ["destination_id"] = new(id) },
            ConsistentRead = true,
        })).Item ?? [];

    public async Task<string?> StatusAsync(string id) =>
        (await DestinationAsync(id)).TryGetValue("streaming_status", out var v) ? v.S : null;

    /// <summary>
    /// The channel as DescribeChannel shows it, read in process: the operator's look spends none of the worker's rate
    /// limit, meets none of the injected faults and is not counted in <see cref="Calls"/>.
    /// </summary>
    public Task<JsonObject> ChannelAsync() => Task.FromResult(Emulator.Account.DescribeChannel(ChannelId));

    public async Task<string> ChannelStateAsync() => (string)(await ChannelAsync())["state"]!;

    /// <summary>Lunora's RTMP groups in the channel: group name to the URLs its pipelines send to.</summary>
    public async Task<Dictionary<string, string[]>> ManagedOutputsAsync()
    {
        var channel = await ChannelAsync();
        var destinations = channel["destinations"]!.AsArray().ToDictionary(d => (string)d!["id"]!, d => d!["settings"]!.AsArray().Select(s => (string)s!["url"]!).ToArray());
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in channel["encoderSettings"]!["outputGroups"]!.AsArray())
        {
            var name = (string)group!["name"]!;
            if (!name.StartsWith("lunora-", StringComparison.Ordinal))
            {
                continue;
            }

            var refId = (string)group["outputs"]![0]!["outputSettings"]!["rtmpOutputSettings"]!["destination"]!["destinationRefId"]!;
            result[name] = destinations[refId];
        }

        return result;
    }

    public long Calls(string operation) => Emulator.RequestCounts.TryGetValue(operation, out var n) ? n : 0;

    public async Task SetReachableAsync(string url, bool reachable)
    {
        using var response = await Http.PutAsJsonAsync(new Uri("_emulator/reachability", UriKind.Relative), new { url, reachable });
        response.EnsureSuccessStatusCode();
    }

    public async Task PutFaultsAsync(object faults)
    {
        using var response = await Http.PutAsJsonAsync(new Uri("_emulator/faults", UriKind.Relative), faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task PutChannelFaultsAsync(object faults)
    {
        using var response = await Http.PutAsJsonAsync(new Uri($"_emulator/channels/{ChannelId}/faults", UriKind.Relative), faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task SetRateLimitAsync(bool enabled, double ratePerSecond = 20, int burst = 40)
    {
        using var response = await Http.PutAsJsonAsync(new Uri("_emulator/rate-limit", UriKind.Relative), new { enabled, ratePerSecond, burst });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Holds the next <paramref name="count"/> requests of <paramref name="operation"/> at the emulator, before they take effect.</summary>
    public async Task HoldAsync(string operation, int count = 1)
    {
        using var response = await Http.PutAsJsonAsync(new Uri("_emulator/hold", UriKind.Relative), new { operation, count });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>What became of each held request: held (still waiting), applied (released in time) or abandoned (its client went away).</summary>
    public async Task<string[]> HeldOutcomesAsync()
    {
        var report = await Http.GetFromJsonAsync<JsonObject>(new Uri("_emulator/hold", UriKind.Relative));
        return [.. report!["held"]!.AsArray().Select(h => (string)h!["outcome"]!)];
    }

    public async Task ReleaseHoldAsync()
    {
        using var response = await Http.DeleteAsync(new Uri("_emulator/hold", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Http.DeleteAsync(new Uri("_emulator/faults", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Forces the channel's state now, as if someone acted on it outside Lunora.</summary>
    public async Task ForceChannelStateAsync(string state)
    {
        using var response = await Http.PutAsJsonAsync(new Uri($"_emulator/channels/{ChannelId}/state", UriKind.Relative), new { state });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every failover recorded in the sessions table (the runs of the channel), oldest first.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> FailoversAsync()
    {
        var items = (await Dynamo.ScanAsync(new ScanRequest { TableName = Tables.SessionsTable, ConsistentRead = true })).Items ?? [];
        return items
            .SelectMany(item => item.TryGetValue("failovers", out var list) ? list.L ?? [] : [])
            .Select(entry => entry.M)
            .OrderBy(entry => entry["at"].S, StringComparer.Ordinal)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        Http.Dispose();
        Dynamo.Dispose();
        if (_ownsEmulator)
        {
            await Emulator.DisposeAsync();
        }

        File.Delete(_keysFile);
    }

    private static string Now() => TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private Task WriteKeysAsync() => File.WriteAllTextAsync(_keysFile, JsonSerializer.Serialize(Keys));
}
