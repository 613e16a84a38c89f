using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Lunora.Worker.Tests.Commands;

/// <summary>
/// Commands handled per second through fauxqs: with the in-memory writer and ledger (the consumer's own cost plus the
/// queue's round trips), and with the real DestinationStore and DynamoDB ledger on dynalite. Prints the rates
/// (docs/commands.md); asserts only that everything was handled, never a time.
/// </summary>
[Collection(FauxqsCollectionDefinition.Name)]
[Trait("Category", "Benchmark")]
public sealed class CommandThroughputBenchmark(FauxqsFixture fauxqs, DynaliteFixture dynalite, ITestOutputHelper output)
{
    private const int Count = 1000;
    private const int DynamoCount = 500;

    [Fact]
    public async Task PollOnceAsync_ThousandCommands_PrintsRate()
    {
        using var sqs = fauxqs.CreateClient();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var (queue, _) = await fauxqs.CreateQueueWithDlqAsync("cmd-bench");
        var writer = new InMemoryIntentWriter();
        for (var d = 0; d < 20; d++)
        {
            writer.Add("1234567", $"d{d}");
        }

        var ledger = new InMemoryCommandLedger();
        var options = new CommandQueueOptions { QueueUrl = queue, ChannelId = "1234567", WaitTime = TimeSpan.FromSeconds(1), Jitter = () => 0 };
        var consumer = new CommandQueueConsumer(
            sqs, new CommandHandler(writer, ledger, new RecordingReconcileTrigger(), options, TimeProvider.System), options,
            new CommandMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<CommandQueueConsumer>.Instance);

        var ids = Enumerable.Range(0, Count).Select(i => $"b-{i}").ToList();
        foreach (var chunk in ids.Chunk(10))
        {
            await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queue,
                Entries = [.. chunk.Select((id, n) => new SendMessageBatchRequestEntry(
                    n.ToString(CultureInfo.InvariantCulture),
                    CommandQueueConsumerTests.Body(id, "start-destination", int.Parse(id[2..], CultureInfo.InvariantCulture), $$""","destination_id":"d{{id.Length % 20}}" """)))],
            });
        }

        var clock = Stopwatch.StartNew();
        var handled = 0;
        while (handled < Count && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            handled += await consumer.PollOnceAsync(CancellationToken.None);
        }

        clock.Stop();
        var rate = handled / clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"commands handled: {handled} in {clock.Elapsed.TotalSeconds:F2} s = {rate:F0}/s"));
        Assert.Equal(Count, handled);
        Assert.All(ids, id => Assert.True(ledger.IsProcessed(id)));
    }

    [Fact]
    public async Task PollOnceAsync_DynamoDbStoreAndLedger_PrintsRate()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(Enumerable.Range(0, 20).Select(d => $"d{d}"));
        var ids = Enumerable.Range(0, DynamoCount).Select(i => $"b-{i}").ToList();

        // Half start, half stop, every stamp newer than the last: all applied (a stale one would cost one more read).
        await rig.SendBatchAsync(ids.Select((id, i) => CommandQueueConsumerTests.Body(
            id, i % 2 == 0 ? "start-destination" : "stop-destination", i, $$""","destination_id":"d{{i % 20}}" """)));

        var clock = Stopwatch.StartNew();
        var handled = 0;
        while (handled < DynamoCount && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            handled += await rig.Consumer.PollOnceAsync(CancellationToken.None);
        }

        clock.Stop();
        var rate = handled / clock.Elapsed.TotalSeconds;
        var results = rig.Results.GroupBy(r => r, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"commands handled with DynamoDB (dynalite): {handled} in {clock.Elapsed.TotalSeconds:F2} s = {rate:F0}/s ({string.Join(", ", results)})"));
        Assert.Equal(DynamoCount, handled);
        Assert.Equal(DynamoCount, rig.Results.Count(r => r is "applied" or "stale"));
    }
}
