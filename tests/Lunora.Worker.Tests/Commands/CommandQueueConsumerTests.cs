using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.Tests.Commands;

[Collection(FauxqsCollectionDefinition.Name)]
public sealed class CommandQueueConsumerTests(FauxqsFixture fauxqs) : IDisposable
{
    private const string Channel = "1234567";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 18, 0, 0, TimeSpan.Zero);

    private readonly AmazonSQSClient _sqs = fauxqs.CreateClient();
    private readonly InMemoryIntentWriter _writer = new();
    private readonly InMemoryCommandLedger _ledger = new();
    private readonly RecordingReconcileTrigger _trigger = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _sqs.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task PollOnceAsync_EachCommandType_AppliedAndDeleted()
    {
        var (queue, dlq) = await fauxqs.CreateQueueWithDlqAsync("cmd-types");
        _writer.Add(Channel, "yt");
        var consumer = Consumer(queue);
        string[] bodies =
        [
            Body("t1", "start-destination", 1, ""","destination_id":"yt" """),
            Body("t2", "stop-destination", 2, ""","destination_id":"yt" """),
            Body("t3", "set-backup", 3, ""","destination_id":"yt","backup_rtmp_url":"rtmp://b.example/live","backup_stream_key_param":"/lunora/yt-b" """),
            Body("t4", "failover", 4, ""","destination_id":"yt" """),
            Body("t5", "failback", 5, ""","destination_id":"yt" """),
            Body("t6", "stop-all", 6, ""),
            Body("t7", "pause-reconcile", 7, ""),
            Body("t8", "resume-reconcile", 8, ""),
            Body("t9", "reconcile-now", 9, ""),
        ];

        // One at a time, so the stamps arrive in order and every write lands.
        foreach (var body in bodies)
        {
            await SendAsync(queue, body);
            await PollUntilAsync(consumer, () => _trigger.Triggers.Count == Array.IndexOf(bodies, body) + 1);
        }

        Assert.Equal(
            ["state:yt:Streaming", "state:yt:Stopped", "backup:yt", "preference:yt:Backup", "preference:yt:Primary",
             $"stop-all:{Channel}", $"paused:{Channel}:True", $"paused:{Channel}:False"],
            _writer.Writes);
        Assert.All(_trigger.Triggers, t => Assert.Equal(Channel, t.ChannelId));
        Assert.Empty(await FauxqsFixture.DrainAsync(_sqs, queue, 1, TimeSpan.FromSeconds(1)));
        Assert.Empty(await FauxqsFixture.DrainAsync(_sqs, dlq, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task PollOnceAsync_SameCommandTwice_AppliedOnce()
    {
        var (queue, _) = await fauxqs.CreateQueueWithDlqAsync("cmd-dup");
        _writer.Add(Channel, "yt");
        var consumer = Consumer(queue);
        using var handled = Collector(CommandMetrics.CommandsInstrument);
        var body = Body("dup-1", "start-destination", 1, ""","destination_id":"yt" """);

        await SendAsync(queue, body);
        await SendAsync(queue, body);
        await PollUntilAsync(consumer, () => handled.GetMeasurementSnapshot().Count == 2);

        Assert.Single(_writer.Writes);
        Assert.Equal(1, _writer.Get("yt").Version);
        Assert.Equal(
            ["applied", "duplicate"],
            handled.GetMeasurementSnapshot().Select(m => (string)m.Tags["lunora.command.outcome"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PollOnceAsync_TransientWriteFailure_RetriedNotDeadLettered()
    {
        var (queue, dlq) = await fauxqs.CreateQueueWithDlqAsync("cmd-retry");
        _writer.Add(Channel, "yt");
        _writer.FailNext(1);
        var consumer = Consumer(queue);

        await SendAsync(queue, Body("r-1", "start-destination", 1, ""","destination_id":"yt" """));
        await PollUntilAsync(consumer, () => !_writer.Writes.IsEmpty);

        Assert.True(_ledger.IsProcessed("r-1"));
        Assert.Empty(await FauxqsFixture.DrainAsync(_sqs, dlq, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task PollOnceAsync_HundredMixedMessages_ValidAppliedInvalidDeadLetteredWithReason()
    {
        var (queue, dlq) = await fauxqs.CreateQueueWithDlqAsync("cmd-mixed");
        for (var d = 0; d < 10; d++)
        {
            _writer.Add(Channel, $"d{d}");
        }

        var consumer = Consumer(queue);
        using var rejected = Collector(CommandMetrics.DeadLetteredInstrument);
        using var handled = Collector(CommandMetrics.CommandsInstrument);
        string[] invalidKinds =
        [
            "not json at all",
            Body("x", "explode", 1, ""),
            """{"schema_version":1,"type":"start-destination","issued_at":"2026-01-31T18:00:00Z","destination_id":"d1"}""",
            Body("x", "start-destination", 1, ""","destination_id":"ghost" """),
            Body("x", "set-backup", 1, ""","destination_id":"d1","backup_rtmp_url":"http://nope.example/x","backup_stream_key_param":"/k" """),
        ];
        var valid = new List<string>();
        var invalid = new List<string>();
        var messages = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            if (i % 5 == 2)
            {
                var id = $"bad-{i}";
                invalid.Add(id);
                messages.Add(invalidKinds[i / 5 % invalidKinds.Length].Replace("\"x\"", $"\"{id}\"", StringComparison.Ordinal));
            }
            else
            {
                var id = $"ok-{i}";
                valid.Add(id);
                messages.Add(Body(id, i % 2 == 0 ? "start-destination" : "failover", i, $$""","destination_id":"d{{i % 10}}" """));
            }
        }

        foreach (var chunk in messages.Chunk(10))
        {
            await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queue,
                Entries = [.. chunk.Select((body, n) => new SendMessageBatchRequestEntry(n.ToString(System.Globalization.CultureInfo.InvariantCulture), body))],
            });
        }

        await PollUntilAsync(consumer, () => valid.All(_ledger.IsProcessed) && rejected.GetMeasurementSnapshot().Count >= invalid.Count);

        var deadLettered = await FauxqsFixture.DrainAsync(_sqs, dlq, invalid.Count, TimeSpan.FromSeconds(10));
        Assert.Equal(invalid.Count, deadLettered.Count);
        Assert.All(deadLettered, m => Assert.False(string.IsNullOrWhiteSpace(m.MessageAttributes[CommandQueueConsumer.ReasonAttribute].StringValue)));
        Assert.Equal(
            ["bad_url", "missing_field", "not_json", "unknown_destination", "unknown_type"],
            deadLettered.Select(m => m.MessageAttributes[CommandQueueConsumer.RejectionAttribute].StringValue).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(await FauxqsFixture.DrainAsync(_sqs, queue, 1, TimeSpan.FromSeconds(1)));
        // A standard queue does not keep order: a valid command can find a newer one already written (stale, acknowledged).
        var results = handled.GetMeasurementSnapshot().Select(m => (string)m.Tags["lunora.command.outcome"]!).ToList();
        Assert.Equal(valid.Count, results.Count(r => r is "applied" or "stale"));
        Assert.Equal(results.Count(r => r == "applied"), _writer.Writes.Count);
    }

    [Fact]
    public async Task PollOnceAsync_NoDeadLetterQueueKnown_RedrivePolicyMovesPoisonQuickly()
    {
        var (queue, dlq) = await fauxqs.CreateQueueWithDlqAsync("cmd-redrive", maxReceiveCount: 2);
        // Simulates a consumer that cannot reach the DLQ itself: an unknown URL makes the send fail.
        var consumer = Consumer(queue, deadLetterQueueUrl: fauxqs.ServiceUrl + "/000000000000/missing-queue");

        await SendAsync(queue, "garbage");
        var clock = Stopwatch.StartNew();
        List<Message> moved = [];
        while (moved.Count == 0 && clock.Elapsed < Deadline)
        {
            await consumer.PollOnceAsync(CancellationToken.None);
            moved = await FauxqsFixture.DrainAsync(_sqs, dlq, 1, TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal("garbage", Assert.Single(moved).Body);
    }

    private CommandQueueConsumer Consumer(string queueUrl, string? deadLetterQueueUrl = null)
    {
        var options = new CommandQueueOptions
        {
            QueueUrl = queueUrl,
            DeadLetterQueueUrl = deadLetterQueueUrl,
            ChannelId = Channel,
            WaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            VisibilityExtendEvery = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            Jitter = () => 0,
        };
        var handler = new CommandHandler(_writer, _ledger, _trigger, options, TimeProvider.System);
        return new CommandQueueConsumer(
            _sqs, handler, options, new CommandMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System,
            NullLogger<CommandQueueConsumer>.Instance);
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(_services.GetRequiredService<IMeterFactory>(), CommandMetrics.MeterName, instrument);

    private async Task SendAsync(string queueUrl, string body) =>
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body });

    private static async Task PollUntilAsync(CommandQueueConsumer consumer, Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < Deadline, "condition not reached before the deadline");
            await consumer.PollOnceAsync(CancellationToken.None);
        }
    }

    internal static string Body(string id, string type, int second, string extra) =>
        $$"""{"schema_version":1,"command_id":"{{id}}","type":"{{type}}","issued_at":"{{T0.AddSeconds(second):yyyy-MM-ddTHH:mm:ssZ}}"{{extra.TrimEnd()}}}""";
}
