using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Lunora.Worker.Tests.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.Tests.Commands;

/// <summary>
/// The commands path as production wires it: a fauxqs queue with its DLQ, the consumer, the handler, the real
/// <see cref="DestinationStore"/> and <see cref="DynamoDbCommandLedger"/> on fresh dynalite tables, one fake clock.
/// </summary>
internal sealed class DynamoCommandRig : IAsyncDisposable
{
    public const string Channel = "1234567";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _services;
    private readonly MetricCollector<long> _handled;

    private DynamoCommandRig(StateTestBed bed, AmazonSQSClient sqs, string queue, string dlq, CommandQueueOptions options)
    {
        Bed = bed;
        Sqs = sqs;
        QueueUrl = queue;
        DeadLetterQueueUrl = dlq;
        Options = options;
        Store = bed.Store();
        Ledger = new DynamoDbCommandLedger(bed.Dynamo, bed.Options);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        // Metrics first: its series start at zero, and the collectors count only what the consumer records.
        var metrics = new CommandMetrics(meters);
        _handled = new MetricCollector<long>(meters, CommandMetrics.MeterName, CommandMetrics.CommandsInstrument);
        Rejected = new MetricCollector<long>(meters, CommandMetrics.MeterName, CommandMetrics.DeadLetteredInstrument);
        Consumer = new CommandQueueConsumer(
            sqs, new CommandHandler(Store, Ledger, Trigger, options, bed.Time), options, metrics, bed.Time,
            NullLogger<CommandQueueConsumer>.Instance);
    }

    public StateTestBed Bed { get; }

    public AmazonSQSClient Sqs { get; }

    public string QueueUrl { get; }

    public string DeadLetterQueueUrl { get; }

    public CommandQueueOptions Options { get; }

    public DestinationStore Store { get; }

    public DynamoDbCommandLedger Ledger { get; }

    public RecordingReconcileTrigger Trigger { get; } = new();

    public CommandQueueConsumer Consumer { get; }

    public MetricCollector<long> Rejected { get; }

    /// <summary>Every <c>lunora.commands.handled</c> result so far, in order.</summary>
    public IReadOnlyList<string> Results => [.. _handled.GetMeasurementSnapshot().Select(m => (string)m.Tags["lunora.command.outcome"]!)];

    public static async Task<DynamoCommandRig> CreateAsync(
        FauxqsFixture fauxqs, DynaliteFixture dynalite, Func<CommandQueueOptions, CommandQueueOptions>? configure = null)
    {
        var bed = await StateTestBed.CreateAsync(dynalite);
        var sqs = fauxqs.CreateClient();
        var (queue, dlq) = await fauxqs.CreateQueueWithDlqAsync("cmd-ddb");
        var options = new CommandQueueOptions
        {
            QueueUrl = queue,
            DeadLetterQueueUrl = dlq,
            ChannelId = Channel,
            WaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            VisibilityExtendEvery = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            Jitter = () => 0,
        };
        return new DynamoCommandRig(bed, sqs, queue, dlq, configure?.Invoke(options) ?? options);
    }

    /// <summary>Destinations as the UI writes them (desired_state stopped, desired_version 3), in <see cref="Channel"/> unless told.</summary>
    public async Task SeedAsync(IEnumerable<string> ids, string desired = "stopped", string? channelId = null)
    {
        foreach (var id in ids)
        {
            var item = StateTestBed.Destination(id, desired);
            if (channelId is not null)
            {
                item["channel_id"] = StateTestBed.S(channelId);
            }

            await Bed.PutAsync(item);
        }
    }

    public Task SendAsync(string body) => Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = QueueUrl, MessageBody = body });

    public async Task SendBatchAsync(IEnumerable<string> bodies)
    {
        foreach (var chunk in bodies.Chunk(10))
        {
            await Sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = [.. chunk.Select((body, n) => new SendMessageBatchRequestEntry(n.ToString(System.Globalization.CultureInfo.InvariantCulture), body))],
            });
        }
    }

    /// <summary>Sends one command and polls until the consumer has finished with one more message.</summary>
    public async Task<string> SendAndHandleAsync(string body)
    {
        var before = Results.Count + Rejected.GetMeasurementSnapshot().Count;
        await SendAsync(body);
        await PollUntilAsync(() => Results.Count + Rejected.GetMeasurementSnapshot().Count > before);
        return Results.Count > 0 ? Results[^1] : "rejected";
    }

    public async Task PollUntilAsync(Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < Deadline, "condition not reached before the deadline");
            await Consumer.PollOnceAsync(CancellationToken.None);
        }
    }

    public Task<Dictionary<string, AttributeValue>> DestinationAsync(string id) => Bed.GetAsync(id);

    public Task<Dictionary<string, AttributeValue>> LedgerRecordAsync(string commandId) =>
        Bed.GetAsync(WorkerAttributes.Command(commandId), Bed.Options.WorkerTable, LocalTables.WorkerKey);

    public Task<List<Message>> DrainAsync(string queueUrl, int expected, TimeSpan deadline) =>
        FauxqsFixture.DrainAsync(Sqs, queueUrl, expected, deadline);

    public ValueTask DisposeAsync()
    {
        _handled.Dispose();
        Rejected.Dispose();
        _services.Dispose();
        Sqs.Dispose();
        Bed.Dispose();
        return ValueTask.CompletedTask;
    }
}
