using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Cli;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Lunora.Worker.Tests.Preflight;

/// <summary>`check` against the local stand-ins: a healthy stack passes; each broken thing is named with its fix and exits 1.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class CheckCommandTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Check_HealthyStack_EveryCheckPassesExitZero()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("yt", "rtmp://127.0.0.1:1935/live2");

        var (code, output) = await CheckAsync(stack);

        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("update channel (dry run)", output, StringComparison.Ordinal);
        Assert.Contains("1 destination(s) of channel " + LocalStack.DefaultChannel + " read, 1 without problems", output, StringComparison.Ordinal);
        Assert.Equal(0, stack.Calls("StartChannel"));
        Assert.Equal("IDLE", await stack.ChannelStateAsync());
    }

    [Fact]
    public async Task Check_RunningChannel_DryRunRefusedForStateCountsAsAllowed()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        using (var started = await stack.Http.PostAsync(new Uri($"prod/channels/{LocalStack.DefaultChannel}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        await WorkerUnderTest.EventuallyAsync(async () => await stack.ChannelStateAsync() == "RUNNING", TimeSpan.FromSeconds(10), "channel RUNNING");

        var (code, output) = await CheckAsync(stack);

        Assert.True(code == 0, output);
        Assert.Contains("the channel is RUNNING, so the service declined the dry run", Row(output, "update channel (dry run)"), StringComparison.Ordinal);
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
    }

    [Fact]
    public async Task Check_NoDestinationYet_StreamKeyPassesWithNote()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack);

        Assert.True(code == 0, output);
        Assert.Contains("no destination names a key yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingTable_FailsNamingTableAndSetting()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { ["SESSIONS_TABLE"] = "lunora-no-such-table" });

        Assert.Equal(1, code);
        AssertFails(output, "table lunora-no-such-table", "does not exist", "point SESSIONS_TABLE at the right table");
    }

    [Fact]
    public async Task Check_WrongKeySchema_FailsWithExpectedKey()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var table = DynaliteFixture.UniqueName("presets-wrong");
        await stack.Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", Amazon.DynamoDBv2.KeyType.HASH)],
        });

        var (code, output) = await CheckAsync(stack, new() { ["PRESETS_TABLE"] = table });

        Assert.Equal(1, code);
        AssertFails(output, $"table {table}", "has hash key id (S); Lunora expects only hash key preset_id", "recreate");
    }

    [Fact]
    public async Task Check_UnknownChannel_FailsAndSkipsWhatDependsOnIt()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { ["MEDIALIVE_CHANNEL_ID"] = "9999999" });

        Assert.Equal(1, code);
        AssertFails(output, "channel 9999999", "does not exist in us-west-2", "set MEDIALIVE_CHANNEL_ID");
        Assert.Contains("skip", Row(output, "channel input"), StringComparison.Ordinal);
        Assert.Contains("skip", Row(output, "update channel (dry run)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DetachedInput_FailsWithAttachFix()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"lunora-seed-{Guid.NewGuid():N}.json");
        var account = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DynaliteFixture.RepoRoot(), "src", "Lunora.Emulator", "seed", "account.json")))!;
        foreach (var channel in account["channels"]!.AsArray())
        {
            if ((string)channel!["id"]! == LocalStack.DefaultChannel)
            {
                channel["inputAttachments"] = new JsonArray();
            }
        }

        await File.WriteAllTextAsync(seed, account.ToJsonString());
        try
        {
            await using var stack = await LocalStack.StartAsync(dynalite, fauxqs, seedPath: seed);

            var (code, output) = await CheckAsync(stack);

            Assert.Equal(1, code);
            AssertFails(output, "channel input", "has no input attached", "attach the channel's input");
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task Check_MissingQueue_FailsNamingSetting()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var missing = stack.EventsQueueUrl[..(stack.EventsQueueUrl.LastIndexOf('/') + 1)] + "lunora-no-such-queue";

        var (code, output) = await CheckAsync(stack, new() { ["EVENTS_QUEUE_URL"] = missing });

        Assert.Equal(1, code);
        AssertFails(output, "queue EVENTS_QUEUE_URL", "does not exist", "correct EVENTS_QUEUE_URL");
    }

    [Fact]
    public async Task Check_UnreadableParameter_FailsNamingDestinationAndParameter()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.Dynamo.PutItemAsync(stack.Tables.DestinationsTable, new Dictionary<string, AttributeValue>
        {
            ["destination_id"] = new("yt"),
            ["stream_key_param"] = new(LocalStack.KeyPrefix + "/never-created"),
        });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        AssertFails(output, "destination yt", "stream key parameter /lunora/stream-keys/never-created not found", "create the parameter");
    }

    [Fact]
    public async Task Check_SeveralBadRecords_EachOnItsOwnRowAndTheGoodOneNot()
    {
        // Fails before the fix: the old stream-key check stopped at the first record naming a key, in scan order.
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("good", "rtmp://127.0.0.1:1935/good");
        foreach (var id in new[] { "bad-1", "bad-2", "bad-3" })
        {
            await stack.PutDestinationAsync(id, "rtmp://127.0.0.1:1935/" + id, extra: new() { ["stream_key_param"] = new(LocalStack.KeyPrefix + "/never-" + id) });
        }

        await stack.PutDestinationAsync("bad-url", "http://127.0.0.1/not-rtmp");

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        foreach (var id in new[] { "bad-1", "bad-2", "bad-3" })
        {
            AssertFails(output, "destination " + id, $"stream key parameter /lunora/stream-keys/never-{id} not found", "create the parameter");
        }

        AssertFails(output, "destination bad-url", "rtmp_url must use rtmp:// or rtmps://", "correct the destination record");
        Assert.DoesNotContain("destination good ", output, StringComparison.Ordinal);
        Assert.Contains("5 destination(s) of channel " + LocalStack.DefaultChannel + " read, 1 without problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ParameterOutsidePrefix_FailsAsRefused()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.Dynamo.PutItemAsync(stack.Tables.DestinationsTable, new Dictionary<string, AttributeValue>
        {
            ["destination_id"] = new("yt"),
            ["stream_key_param"] = new("/other-team/secret"),
        });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        AssertFails(output, "destination yt", "outside PARAMETER_STORE_PREFIX", "keep stream_key_param inside the prefix");
    }

    [Theory]
    [InlineData("MEDIALIVE_CHANNEL_ID", null, "MEDIALIVE_CHANNEL_ID is not set")]
    [InlineData("PARAMETER_STORE_PREFIX", "lunora/keys", "PARAMETER_STORE_PREFIX must start with '/'")]
    [InlineData("COMMANDS_QUEUE_URL", "lunora-commands", "COMMANDS_QUEUE_URL must be an http(s) queue URL")]
    public async Task Check_BadSetting_FailsAsConfigurationWithoutTouchingTheWorld(string setting, string? value, string expected)
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { [setting] = value });

        Assert.Equal(1, code);
        Assert.Contains(expected, FailRow(output, "configuration"), StringComparison.Ordinal);
        Assert.Equal(0, stack.Calls("DescribeChannel"));
    }

    [Fact]
    public async Task Check_InEcsWithoutQueues_BothQueuesNamed()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new()
        {
            ["ECS_CONTAINER_METADATA_URI_V4"] = "http://169.254.170.2/v4/x",
            ["COMMANDS_QUEUE_URL"] = null,
            ["EVENTS_QUEUE_URL"] = null,
            ["STREAM_KEYS_FILE"] = null,
            ["PARAMETER_STORE_PREFIX"] = null,
        });

        Assert.Equal(1, code);
        Assert.Contains("COMMANDS_QUEUE_URL is not set", output, StringComparison.Ordinal);
        Assert.Contains("EVENTS_QUEUE_URL is not set", output, StringComparison.Ordinal);
        Assert.Contains("PARAMETER_STORE_PREFIX is not set", output, StringComparison.Ordinal);
    }

    internal static async Task<(int Code, string Output)> CheckAsync(LocalStack stack, Dictionary<string, string?>? overrides = null, bool beforeDeploy = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(stack.Environment(overrides)).Build();
        using var output = new StringWriter();
        var code = await CheckCommand.RunAsync(configuration, output, CancellationToken.None, beforeDeploy);
        return (code, output.ToString());
    }

    internal static void AssertFails(string output, string check, params string[] parts)
    {
        var row = FailRow(output, check);
        foreach (var part in parts)
        {
            Assert.Contains(part, row, StringComparison.Ordinal);
        }
    }

    /// <summary>The table row of a check (first column), which must have failed.</summary>
    internal static string FailRow(string output, string check)
    {
        var row = Row(output, check);
        Assert.Contains("FAIL", row, StringComparison.Ordinal);
        return row;
    }

    internal static string Row(string output, string check) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(check + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no row for '{check}' in:\n{output}");
}
