using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Lunora.Worker.Cli;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;
using Lunora.Worker.Tests.Telemetry;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// One end-to-end run that pushes a destination with distinctive stream keys through every path an operator sees:
/// started by an SQS command, status written back, a throttled call retried, poison commands carrying the key
/// dead-lettered, an UpdateChannel rejected with 422, a SINGLE_PIPELINE failover after the primary becomes unreachable,
/// and the <c>status</c> and <c>plan</c> commands. Everything the worker emitted is kept (logs at Trace, metrics, spans,
/// the /metrics scrape, the CLI output). It runs once; the telemetry, redaction and dashboard tests read it.
/// </summary>
public sealed class OperationsScenario
{
    public const string DestinationId = "red";
    public const string PrimaryKey = "sk-LunoraRedaction-7Q2W9X4Z-primary";
    public const string BackupKey = "sk-LunoraRedaction-5K8M1N3P-backup";
    public const string PrimaryUrl = "rtmp://127.0.0.1:1935/primary";
    public const string BackupUrl = "rtmp://127.0.0.1:1936/backup";
    public const int PoisonCommands = 7;

    /// <summary>A key pasted where its parameter's name belongs (Twitch's format).</summary>
    public const string PastedKey = "live_417230981_LunoraPasted9Zq8Rt2Vw6";

    /// <summary>A key appended to a YouTube ingest URL (YouTube's format).</summary>
    public const string UrlKey = "lp7x-3kq9-w2m4-8rz1-h6t5";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly object Gate = new();
    private static Task<OperationsScenario>? _run;

    private OperationsScenario(TelemetryCapture capture)
    {
        Capture = capture;
    }

    /// <summary>What to search for: each key, and the distinctive part they share.</summary>
    public static IReadOnlyList<string> Secrets { get; } = [PrimaryKey, BackupKey, "LunoraRedaction", "7Q2W9X4Z", "5K8M1N3P", PastedKey, "LunoraPasted", UrlKey];

    public TelemetryCapture Capture { get; }

    public string Prometheus { get; private set; } = "";

    public string StatusOutput { get; private set; } = "";

    public string PlanOutput { get; private set; } = "";

    public string DoctorOutput { get; private set; } = "";

    public string CheckOutput { get; private set; } = "";

    /// <summary>What the worker wrote to DynamoDB: worker-owned attributes of every destination, the sessions and worker tables.</summary>
    public IReadOnlyList<string> DynamoDbWrites { get; private set; } = [];

    /// <summary>The attributes of every dead-lettered command (the bodies are the senders' own).</summary>
    public IReadOnlyList<string> DeadLetterAttributes { get; private set; } = [];

    /// <summary>Status reasons of the destinations whose keys were pasted into the wrong field.</summary>
    public IReadOnlyDictionary<string, string?> PastedReasons { get; private set; } = new Dictionary<string, string?>();

    public static Task<OperationsScenario> RunOnceAsync(DynaliteFixture dynalite, FauxqsFixture fauxqs)
    {
        lock (Gate)
        {
            return _run ??= RunAsync(dynalite, fauxqs);
        }
    }

    private static async Task<OperationsScenario> RunAsync(DynaliteFixture dynalite, FauxqsFixture fauxqs)
    {
        var seed = await SinglePipelineSeedAsync();
        try
        {
            await using var stack = await LocalStack.StartAsync(dynalite, fauxqs, seedPath: seed);
            await stack.PutDestinationAsync(DestinationId, PrimaryUrl, desiredState: "stopped", backupUrl: BackupUrl, failover: true);
            await stack.AddKeyAsync(DestinationId, PrimaryKey);
            await stack.AddKeyAsync(DestinationId + "-backup", BackupKey);
            await stack.PutDestinationAsync("pasted", "rtmp://127.0.0.1:1935/pasted", platform: "twitch", extra: new() { ["stream_key_param"] = new(PastedKey) });
            await stack.PutDestinationAsync("in-url", "rtmp://127.0.0.1:1935/live2/" + UrlKey, platform: "youtube");

            var scenario = new OperationsScenario(new TelemetryCapture());
            var worker = await stack.StartWorkerAsync(services: scenario.Capture.AddTo);

            // A throttled DescribeChannel: retried, counted as a throttle and a retry.
            var describes = stack.Calls("DescribeChannel");
            await stack.PutFaultsAsync(new { failNext = 1, errorStatuses = new[] { 429 }, operations = new[] { "DescribeChannel" } });
            await scenario.EventuallyAsync(() => Task.FromResult(stack.Calls("DescribeChannel") >= describes + 2), Deadline, "a throttled DescribeChannel retried");

            // The first UpdateChannel is rejected (422, terminal); the next resync applies it.
            await stack.PutFaultsAsync(new { failNext = 1, errorStatuses = new[] { 422 }, operations = new[] { "UpdateChannel" } });

            using var sqs = fauxqs.CreateClient();
            var now = TimeProvider.System.GetUtcNow().AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await SendAsync(sqs, stack.CommandsQueueUrl, Command("start-1", "start-destination", now, $$""","destination_id":"{{DestinationId}}" """));
            foreach (var poison in Poison(now))
            {
                await SendAsync(sqs, stack.CommandsQueueUrl, poison);
            }

            await scenario.EventuallyAsync(async () => await stack.StatusAsync(DestinationId) == "streaming", Deadline, "red streaming via its command");
            await scenario.EventuallyAsync(
                () => Task.FromResult(scenario.Capture.Logs.Count(l => l.EventId.Id == 5005) >= PoisonCommands),
                Deadline,
                "every poison command rejected");

            // SINGLE_PIPELINE: the primary's ingest goes away, alerts and metrics say so, the planner switches to the backup
            // (recorded, then a stop, an update, a start; the switch is carried across IDLE to the plan that applies it).
            await stack.SetReachableAsync(PrimaryUrl, false);
            await scenario.EventuallyAsync(
                () => Task.FromResult(scenario.Capture.Logs.Any(l => l.EventId.Id == 101 && l.Message.Contains("failover needs new outputs", StringComparison.Ordinal))),
                Deadline,
                "red's failover started");
            await scenario.EventuallyAsync(
                async () => await stack.StatusAsync(DestinationId) == "streaming"
                    && (await stack.DestinationAsync(DestinationId)).GetValueOrDefault("current_url_type")?.S == "backup",
                Deadline,
                "red streaming on its backup");

            var cli = stack.Environment().Select(p => $"--{p.Key}={p.Value}").ToArray();
            using (var status = new StringWriter(CultureInfo.InvariantCulture))
            {
                await StatusCommand.RunAsync(cli, status);
                scenario.StatusOutput = status.ToString();
            }

            using (var plan = new StringWriter(CultureInfo.InvariantCulture))
            {
                await PlanCommand.RunAsync(cli, plan);
                scenario.PlanOutput = plan.ToString();
            }

            using (var doctor = new StringWriter(CultureInfo.InvariantCulture))
            {
                await DoctorCommand.RunAsync(cli, doctor);
                scenario.DoctorOutput = doctor.ToString();
            }

            using (var check = new StringWriter(CultureInfo.InvariantCulture))
            {
                await CheckCommand.RunAsync(cli, check);
                scenario.CheckOutput = check.ToString();
            }

            scenario.PastedReasons = new Dictionary<string, string?>
            {
                ["pasted"] = await stack.StatusReasonAsync("pasted"),
                ["in-url"] = await stack.StatusReasonAsync("in-url"),
            };
            scenario.DynamoDbWrites = await WorkerWritesAsync(stack);
            scenario.DeadLetterAttributes = await DeadLetterAttributesAsync(sqs, stack.CommandsDlqUrl);

            TelemetryCapture.Flush(worker.Services);
            scenario.Capture.FreezeMetrics();
            Assert.True(scenario.Capture.HasMetrics, "metrics exported to the in-memory exporter");
            using (var http = new HttpClient())
            {
                scenario.Prometheus = await http.GetStringAsync(new Uri(worker.HealthAddress, "/metrics"));
            }

            await worker.StopAsync();
            return scenario;
        }
        finally
        {
            File.Delete(seed);
        }
    }

    // The record's own fields (what the UI wrote, pasted keys included) are the operator's input, not the worker's output.
    private static readonly HashSet<string> IntentAttributes = new(StringComparer.Ordinal)
    {
        "destination_id", "name", "platform", "rtmp_url", "stream_key_param", "backup_rtmp_url", "backup_stream_key_param",
        "preset_id", "enabled", "created_at", "updated_at", "failover_enabled", "channel_id", "desired_state", "desired_version",
        "url_preference", "intent_command_id", "intent_issued_at",
    };

    private static async Task<List<string>> WorkerWritesAsync(LocalStack stack)
    {
        var texts = new List<string>();
        foreach (var (table, intentOnly) in new[] { (stack.Tables.DestinationsTable, true), (stack.Tables.SessionsTable, false), (stack.Tables.WorkerTable, false) })
        {
            var items = (await stack.Dynamo.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest { TableName = table, ConsistentRead = true })).Items ?? [];
            texts.AddRange(items.Select(item => string.Join(
                '\n',
                item.Where(kv => !intentOnly || !IntentAttributes.Contains(kv.Key)).Select(kv => kv.Key + "=" + Text(kv.Value)))));
        }

        return texts;
    }

    private static string Text(Amazon.DynamoDBv2.Model.AttributeValue value) =>
        value.S ?? value.N ?? (value.BOOL is { } b ? b.ToString() : null)
        ?? (value.L is { Count: > 0 } list ? "[" + string.Join(", ", list.Select(Text)) + "]" : null)
        ?? (value.M is { Count: > 0 } map ? "{" + string.Join(", ", map.Select(kv => kv.Key + ": " + Text(kv.Value))) + "}" : null)
        ?? (value.SS is { Count: > 0 } set ? "<" + string.Join(", ", set) + ">" : "");

    private static async Task<List<string>> DeadLetterAttributesAsync(Amazon.SQS.AmazonSQSClient sqs, string dlq)
    {
        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq, MaxNumberOfMessages = 10, MessageAttributeNames = ["All"], WaitTimeSeconds = 0 });
            foreach (var message in received.Messages ?? [])
            {
                texts.Add(string.Join('\n', (message.MessageAttributes ?? []).Select(a => a.Key + "=" + a.Value.StringValue)));
            }
        }

        return texts;
    }

    // On a timeout, the worker's own account of what it did is the useful part of the failure.
    private async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        try
        {
            await WorkerUnderTest.EventuallyAsync(condition, deadline, because);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var lines = Capture.Logs
                .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information && l.Category.StartsWith("Lunora", StringComparison.Ordinal))
                .TakeLast(60)
                .Select(l => $"{l.Level} {l.Category}: {l.Message} {l.Exception}");
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + string.Join('\n', lines));
        }
    }

    /// <summary>Commands that can never apply, each carrying the key in a field that is wrong.</summary>
    private static string[] Poison(string issuedAt) =>
    [
        Command("p-type", PrimaryKey, issuedAt, ""),
        Command("p-dest", "start-destination", issuedAt, $$""","destination_id":"{{PrimaryKey}}" """),
        Command("p-url", "set-backup", issuedAt, $$""","destination_id":"{{DestinationId}}","backup_rtmp_url":"rtmp://127.0.0.1:1935/app/{{PrimaryKey}} x","backup_stream_key_param":"/k" """),
        Command("p-param", "set-backup", issuedAt, $$""","destination_id":"{{DestinationId}}","backup_rtmp_url":"rtmp://127.0.0.1:1935/app","backup_stream_key_param":"{{PrimaryKey}}" """),
        Command("p-channel", "start-destination", issuedAt, $$""","channel_id":"{{PrimaryKey}}","destination_id":"{{DestinationId}}" """),
        Command("p-field", "start-destination", issuedAt, $$""","destination_id":"{{DestinationId}}","{{PrimaryKey}}":"1" """),
        "my stream key is " + PrimaryKey,
    ];

    private static string Command(string id, string type, string issuedAt, string extra) =>
        $$"""{"schema_version":1,"command_id":"{{id}}","type":"{{type}}","issued_at":"{{issuedAt}}"{{extra.TrimEnd()}}}""";

    private static async Task SendAsync(Amazon.SQS.AmazonSQSClient sqs, string queue, string body) =>
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queue, MessageBody = body });

    // The seed's channel as SINGLE_PIPELINE: one URL per destination, so a failing primary is replaced by the backup.
    private static async Task<string> SinglePipelineSeedAsync()
    {
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seed", "account.json")))!;
        seed["channels"]![0]!["channelClass"] = "SINGLE_PIPELINE";
        var path = Path.Combine(Path.GetTempPath(), $"lunora-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, seed.ToJsonString());
        return path;
    }
}
