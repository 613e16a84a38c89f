using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.Commands.CommandQueueConsumerTests;

namespace Lunora.Worker.Tests.Commands;

/// <summary>fauxqs → consumer → handler → the real DestinationStore and DynamoDB ledger on dynalite, end to end.</summary>
[Collection(FauxqsCollectionDefinition.Name)]
public sealed class CommandPipelineIntegrationTests(FauxqsFixture fauxqs, DynaliteFixture dynalite)
{
    private const string Channel = DynamoCommandRig.Channel;

    [Fact]
    public async Task StartDestination_Stopped_DesiredStreamingAndVersionBumped()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"]);

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("s1", "start-destination", 1, ""","destination_id":"yt" """)));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal("streaming", item["desired_state"].S);
        Assert.Equal("4", item["desired_version"].N);
        Assert.Equal("s1", item["intent_command_id"].S);
        Assert.Equal(DynamoDbCommandLedger.Processed, (await rig.LedgerRecordAsync("s1"))[DynamoDbCommandLedger.StatusAttribute].S);
        Assert.Equal((Channel, "command start-destination"), Assert.Single(rig.Trigger.Triggers));
        Assert.Empty(await rig.DrainAsync(rig.QueueUrl, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task StopDestination_Streaming_DesiredStopped()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"], desired: "streaming");

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("s2", "stop-destination", 1, ""","destination_id":"yt" """)));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal("stopped", item["desired_state"].S);
        Assert.Equal("4", item["desired_version"].N);
    }

    [Fact]
    public async Task StopAll_ChannelDestinations_AllStoppedOtherChannelUntouched()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["a", "b", "c"], desired: "streaming");
        await rig.SeedAsync(["elsewhere"], desired: "streaming", channelId: "7654321");

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("all", "stop-all", 1, "")));

        foreach (var id in new[] { "a", "b", "c" })
        {
            var item = await rig.DestinationAsync(id);
            Assert.Equal(("stopped", "4", "all"), (item["desired_state"].S, item["desired_version"].N, item["intent_command_id"].S));
        }

        var other = await rig.DestinationAsync("elsewhere");
        Assert.Equal(("streaming", "3"), (other["desired_state"].S, other["desired_version"].N));
    }

    [Fact]
    public async Task SetBackup_Destination_BackupUrlAndKeyParameterWritten()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"]);

        Assert.Equal("applied", await rig.SendAndHandleAsync(
            Body("b1", "set-backup", 1, ""","destination_id":"yt","backup_rtmp_url":"rtmp://b.rtmp.youtube.com/live2","backup_stream_key_param":"/lunora/yt-b" """)));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal(("rtmp://b.rtmp.youtube.com/live2", "/lunora/yt-b"), (item["backup_rtmp_url"].S, item["backup_stream_key_param"].S));
        Assert.Equal("4", item["desired_version"].N);
    }

    [Fact]
    public async Task FailoverThenFailback_Destination_UrlPreferenceBackupThenPrimary()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"], desired: "streaming");

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("f1", "failover", 1, ""","destination_id":"yt" """)));
        Assert.Equal("backup", (await rig.DestinationAsync("yt"))["url_preference"].S);

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("f2", "failback", 2, ""","destination_id":"yt" """)));
        var item = await rig.DestinationAsync("yt");
        Assert.Equal(("primary", "5"), (item["url_preference"].S, item["desired_version"].N));
    }

    [Fact]
    public async Task ReconcileNow_Any_TriggersWithoutWriting()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"]);
        var before = await rig.DestinationAsync("yt");

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("r1", "reconcile-now", 1, "")));

        Assert.Equal((Channel, "command reconcile-now"), Assert.Single(rig.Trigger.Triggers));
        var after = await rig.DestinationAsync("yt");
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before["desired_version"].N, after["desired_version"].N);
        Assert.Equal(before["updated_at"].S, after["updated_at"].S);
        Assert.False(await rig.Store.IsPausedAsync(Channel, CancellationToken.None));
    }

    [Fact]
    public async Task PauseThenResume_Channel_PauseFlagReadableThroughPauseReader()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("p1", "pause-reconcile", 1, "")));
        Assert.True(await rig.Store.IsPausedAsync(Channel, CancellationToken.None));

        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("p2", "resume-reconcile", 2, "")));
        Assert.False(await rig.Store.IsPausedAsync(Channel, CancellationToken.None));
    }

    [Fact]
    public async Task SameCommandIdTwice_UiChangedMeanwhile_AppliedOnceUiIntentKept()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"]);
        var body = Body("dup", "start-destination", 1, ""","destination_id":"yt" """);
        Assert.Equal("applied", await rig.SendAndHandleAsync(body));

        // The UI stops it afterwards; a redelivery of the old command carries the same stamp, so only the ledger can refuse it.
        await rig.Bed.Dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = rig.Bed.Options.DestinationsTable,
            Key = new Dictionary<string, AttributeValue> { ["destination_id"] = new() { S = "yt" } },
            UpdateExpression = "SET desired_state = :s, desired_version = :v",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":s"] = new() { S = "stopped" }, [":v"] = new() { N = "5" } },
        });

        Assert.Equal("duplicate", await rig.SendAndHandleAsync(body));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal(("stopped", "5"), (item["desired_state"].S, item["desired_version"].N));
        Assert.Single(rig.Trigger.Triggers);
        Assert.Empty(await rig.DrainAsync(rig.QueueUrl, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task StaleCommand_OlderThanRecord_AcknowledgedAndIgnored()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        await rig.SeedAsync(["yt"]);
        Assert.Equal("applied", await rig.SendAndHandleAsync(Body("new", "start-destination", 10, ""","destination_id":"yt" """)));

        Assert.Equal("stale", await rig.SendAndHandleAsync(Body("old", "stop-destination", 5, ""","destination_id":"yt" """)));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal(("streaming", "4", "new"), (item["desired_state"].S, item["desired_version"].N, item["intent_command_id"].S));
        Assert.Equal(DynamoDbCommandLedger.Processed, (await rig.LedgerRecordAsync("old"))[DynamoDbCommandLedger.StatusAttribute].S);
        Assert.Empty(await rig.DrainAsync(rig.QueueUrl, 1, TimeSpan.FromSeconds(1)));
        Assert.Empty(await rig.DrainAsync(rig.DeadLetterQueueUrl, 1, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task HundredMixedMessages_ValidAppliedInDynamoInvalidDeadLetteredWithReason_NoneLost()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite);
        var destinations = Enumerable.Range(0, 10).Select(d => $"d{d}").ToList();
        await rig.SeedAsync(destinations);
        string[] invalidKinds =
        [
            "not json at all",
            Body("x", "explode", 1, ""),
            """{"schema_version":1,"type":"start-destination","issued_at":"2026-01-31T18:00:00Z","destination_id":"d1"}""",
            Body("x", "start-destination", 1, ""","destination_id":"ghost" """),
            Body("x", "set-backup", 1, ""","destination_id":"d1","backup_rtmp_url":"http://nope.example/x","backup_stream_key_param":"/k" """),
        ];
        var valid = new List<(string Id, string Destination, string Desired, int Second)>();
        var invalidBodies = new List<string>();
        var bodies = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            if (i % 5 == 2)
            {
                var body = invalidKinds[i / 5 % invalidKinds.Length].Replace("\"x\"", $"\"bad-{i}\"", StringComparison.Ordinal);
                invalidBodies.Add(body);
                bodies.Add(body);
            }
            else
            {
                var id = $"ok-{i}";
                var destination = $"d{i % 10}";
                var start = i / 10 % 2 == 0;
                valid.Add((id, destination, start ? "streaming" : "stopped", i));
                bodies.Add(Body(id, start ? "start-destination" : "stop-destination", i, $$""","destination_id":"{{destination}}" """));
            }
        }

        await rig.SendBatchAsync(bodies);
        await rig.PollUntilAsync(() => rig.Results.Count(r => r is "applied" or "stale" or "duplicate") >= valid.Count
                                       && rig.Rejected.GetMeasurementSnapshot().Count >= invalidBodies.Count);

        foreach (var command in valid)
        {
            Assert.Equal(DynamoDbCommandLedger.Processed, (await rig.LedgerRecordAsync(command.Id))[DynamoDbCommandLedger.StatusAttribute].S);
        }

        // Order across a standard queue is not kept, but stamps are: each destination ends as its newest command left it.
        foreach (var group in valid.GroupBy(c => c.Destination))
        {
            var newest = group.MaxBy(c => c.Second);
            var item = await rig.DestinationAsync(group.Key);
            Assert.Equal((newest.Id, newest.Desired), (item["intent_command_id"].S, item["desired_state"].S));
        }

        var untouched = destinations.Except(valid.Select(c => c.Destination));
        foreach (var id in untouched)
        {
            Assert.Equal("3", (await rig.DestinationAsync(id))["desired_version"].N);
        }

        var deadLettered = await rig.DrainAsync(rig.DeadLetterQueueUrl, invalidBodies.Count, TimeSpan.FromSeconds(10));
        Assert.Equal(invalidBodies.Order(StringComparer.Ordinal), deadLettered.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(deadLettered, m => Assert.False(string.IsNullOrWhiteSpace(m.MessageAttributes[CommandQueueConsumer.ReasonAttribute].StringValue)));
        Assert.Contains(deadLettered, m => m.MessageAttributes[CommandQueueConsumer.RejectionAttribute].StringValue == "unknown_destination");
        Assert.Empty(await rig.DrainAsync(rig.QueueUrl, 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(valid.Count, rig.Results.Count(r => r is "applied" or "stale"));
    }

    [Fact]
    public async Task ConsumerCrashBetweenClaimAndWrite_AppliedAfterClaimExpires()
    {
        await using var rig = await DynamoCommandRig.CreateAsync(fauxqs, dynalite, o => o with { VisibilityTimeout = TimeSpan.FromSeconds(1) });
        await rig.SeedAsync(["yt"]);
        await rig.SendAsync(Body("crash", "start-destination", 1, ""","destination_id":"yt" """));

        // The crashed consumer: received the message and claimed the command, then died before its write, delete or release.
        var received = await rig.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = rig.QueueUrl, WaitTimeSeconds = 5, VisibilityTimeout = 1 });
        Assert.Single(received.Messages ?? []);
        var crashed = new DynamoDbCommandLedger(rig.Bed.Dynamo, rig.Bed.Options);
        Assert.Equal(LedgerClaim.Claimed, await crashed.TryClaimAsync("crash", rig.Bed.Time.GetUtcNow(), rig.Options.LedgerClaimFor, CancellationToken.None));

        await rig.PollUntilAsync(() => rig.Results.Contains("in_progress_elsewhere"));
        Assert.Equal("stopped", (await rig.DestinationAsync("yt"))["desired_state"].S);

        rig.Bed.Time.Advance(rig.Options.LedgerClaimFor + TimeSpan.FromSeconds(1));
        await rig.PollUntilAsync(() => rig.Results.Contains("applied"));

        var item = await rig.DestinationAsync("yt");
        Assert.Equal(("streaming", "4", "crash"), (item["desired_state"].S, item["desired_version"].N, item["intent_command_id"].S));
        Assert.Equal(DynamoDbCommandLedger.Processed, (await rig.LedgerRecordAsync("crash"))[DynamoDbCommandLedger.StatusAttribute].S);
        Assert.Empty(await rig.DrainAsync(rig.QueueUrl, 1, TimeSpan.FromSeconds(1)));
    }
}
