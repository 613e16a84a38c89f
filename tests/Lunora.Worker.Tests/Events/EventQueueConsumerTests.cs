using System.Diagnostics;
using Amazon.SQS.Model;
using Lunora.Worker.Events;
using Lunora.Worker.Tests.Commands;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.Tests.Events;

[Collection(FauxqsCollectionDefinition.Name)]
public sealed class EventQueueConsumerTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task PollOnceAsync_AlertForPipelineZero_ReachesHealthSinkAndTriggers()
    {
        using var sqs = fauxqs.CreateClient();
        var (queue, _) = await fauxqs.CreateQueueWithDlqAsync("events");
        var sink = new RecordingHealthSink();
        var trigger = new RecordingReconcileTrigger();
        var consumer = new EventQueueConsumer(
            sqs, trigger, sink, new EventQueueOptions { QueueUrl = queue, ChannelId = "123456", WaitTime = TimeSpan.FromSeconds(1) },
            TimeProvider.System, NullLogger<EventQueueConsumer>.Instance);

        foreach (var body in new[]
                 {
                     "{ broken",
                     SampleEvents.Alert("999", "SET", "1"),
                     SampleEvents.Alert("123456", "SET", "0"),
                     SampleEvents.StateChange("123456", "RUNNING"),
                 })
        {
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queue, MessageBody = body });
        }

        var clock = Stopwatch.StartNew();
        var received = 0;
        while (received < 4 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            received += await consumer.PollOnceAsync(CancellationToken.None);
        }

        var alert = Assert.Single(sink.Alerts);
        Assert.Equal(("123456", 0, AlarmState.Set), (alert.ChannelId, alert.Pipeline, alert.AlarmState));
        Assert.Equal("RUNNING", Assert.Single(sink.Changes).State);
        Assert.Equal(2, trigger.Triggers.Count);
        Assert.All(trigger.Triggers, t => Assert.Equal("123456", t.ChannelId));
        Assert.Empty(await FauxqsFixture.DrainAsync(sqs, queue, 1, TimeSpan.FromSeconds(1)));
    }
}
