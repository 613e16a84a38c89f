using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, point 9: commands cannot wedge state. A command stamped far in the future is dead-lettered with its
/// reason (it would make every later command stale); <c>failback</c> can be undone with <c>auto-failover</c>;
/// <c>failover</c>/<c>failback</c> on a STANDARD channel are dead-lettered with their reason.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class CommandScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IssuedAnHourAhead_StartDestination_DeadLetteredWithReasonAndLaterStopStillApplies()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        await stack.StartWorkerAsync();
        using var sqs = fauxqs.CreateClient();

        await SendAsync(sqs, stack, "future-1", "start-destination", TimeSpan.FromHours(1), "a");
        var dead = Assert.Single(await FauxqsFixture.DrainAsync(sqs, stack.CommandsDlqUrl, expected: 1, Deadline));
        Assert.Equal("issued_in_future", dead.MessageAttributes["lunora.rejection"].StringValue);
        Assert.Contains("ahead of the worker's clock", dead.MessageAttributes["lunora.reason"].StringValue, StringComparison.Ordinal);

        await SendAsync(sqs, stack, "now-1", "start-destination", TimeSpan.Zero, "a");
        await WorkerUnderTest.EventuallyAsync(async () => await DesiredAsync(stack, "a") == "streaming", Deadline, "a start issued now applies");
        await SendAsync(sqs, stack, "now-2", "stop-destination", TimeSpan.FromSeconds(1), "a");
        await WorkerUnderTest.EventuallyAsync(async () => await DesiredAsync(stack, "a") == "stopped", Deadline, "a later stop applies");
    }

    [Fact]
    public async Task FailbackThenAutoFailover_SinglePipeline_PreferenceBackToAuto()
    {
        await using var stack = await LocalStack.StartSinglePipelineAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", backupUrl: "rtmp://127.0.0.1:1935/a-backup", failover: true);
        await stack.StartWorkerAsync();
        using var sqs = fauxqs.CreateClient();

        await SendAsync(sqs, stack, "pin-1", "failback", TimeSpan.Zero, "a");
        await WorkerUnderTest.EventuallyAsync(async () => await PreferenceAsync(stack, "a") == "primary", Deadline, "pinned to primary");
        await SendAsync(sqs, stack, "unpin-1", "auto-failover", TimeSpan.FromSeconds(1), "a");

        await WorkerUnderTest.EventuallyAsync(async () => await PreferenceAsync(stack, "a") == "auto", Deadline, "back to automatic");
        Assert.Empty(await FauxqsFixture.DrainAsync(sqs, stack.CommandsDlqUrl, expected: 1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task FailoverAndFailback_StandardChannel_DeadLetteredWithReasonRecordUntouched()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", backupUrl: "rtmp://127.0.0.1:1935/a-backup");
        await stack.StartWorkerAsync();
        using var sqs = fauxqs.CreateClient();

        await SendAsync(sqs, stack, "fo-1", "failover", TimeSpan.Zero, "a");
        await SendAsync(sqs, stack, "fb-1", "failback", TimeSpan.Zero, "a");

        var dead = await FauxqsFixture.DrainAsync(sqs, stack.CommandsDlqUrl, expected: 2, Deadline);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, message =>
        {
            Assert.Equal("not_applicable", message.MessageAttributes["lunora.rejection"].StringValue);
            Assert.Contains("STANDARD channel", message.MessageAttributes["lunora.reason"].StringValue, StringComparison.Ordinal);
        });
        Assert.Null(await PreferenceAsync(stack, "a"));
    }

    private static async Task SendAsync(AmazonSQSClient sqs, LocalStack stack, string commandId, string type, TimeSpan issuedAhead, string destinationId)
    {
        var body = new JsonObject
        {
            ["schema_version"] = 1,
            ["command_id"] = commandId + "-" + Guid.NewGuid().ToString("N")[..6],
            ["type"] = type,
            ["issued_at"] = (TimeProvider.System.GetUtcNow() + issuedAhead).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["destination_id"] = destinationId,
        };
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = stack.CommandsQueueUrl, MessageBody = body.ToJsonString() });
    }

    private static async Task<string?> DesiredAsync(LocalStack stack, string id) =>
        (await stack.DestinationAsync(id)).TryGetValue("desired_state", out var v) ? v.S : null;

    private static async Task<string?> PreferenceAsync(LocalStack stack, string id) =>
        (await stack.DestinationAsync(id)).TryGetValue("url_preference", out var v) ? v.S : null;
}
