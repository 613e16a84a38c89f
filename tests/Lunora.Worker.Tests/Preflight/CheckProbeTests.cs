using Amazon.SQS.Model;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.Preflight.CheckCommandTests;

namespace Lunora.Worker.Tests.Preflight;

/// <summary>
/// `check`'s permission probes, channels, stream keys, EventBridge rules and `--before-deploy`, against dynalite, fauxqs
/// and the emulator: each broken condition is a FAIL row with its fix, and nothing in the world changes.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class CheckProbeTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private const string SecondChannel = "6802366";
    private const string RulePrefix = "lunora-test-medialive-";

    [Fact]
    public async Task Check_HealthyStack_ProbesEveryPermissionAndChangesNothing()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await PutRuleAsync(stack, LocalStack.DefaultChannel, stack.EventsQueueUrl);

        var (code, output) = await CheckAsync(stack, WithRules(stack));

        Assert.True(code == 0, output);
        Assert.Contains("ListAlerts allowed", Row(output, "alerts " + LocalStack.DefaultChannel), StringComparison.Ordinal);
        Assert.Contains("GetMetricData allowed", Row(output, "metrics " + LocalStack.DefaultChannel), StringComparison.Ordinal);
        Assert.Equal("note", Row(output, "start/stop " + LocalStack.DefaultChannel).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        Assert.Contains("the dead-letter queue of COMMANDS_QUEUE_URL", Row(output, "send COMMANDS_DLQ_URL"), StringComparison.Ordinal);
        Assert.Contains("targets " + QueueName(stack.EventsQueueUrl), Row(output, "rule " + RulePrefix + LocalStack.DefaultChannel), StringComparison.Ordinal);
        Assert.Equal(0, await VisibleAsync(stack.CommandsDlqUrl));
        Assert.Equal(0, stack.Calls("StartChannel") + stack.Calls("StopChannel"));
        Assert.Equal("IDLE", await stack.ChannelStateAsync());
    }

    [Fact]
    public async Task Check_DlqNotTheCommandsQueuesDeadLetterTarget_FailsAndSendsNothing()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { ["COMMANDS_DLQ_URL"] = stack.EventsQueueUrl });

        Assert.Equal(1, code);
        AssertFails(output, "send COMMANDS_DLQ_URL", "not the dead-letter queue of COMMANDS_QUEUE_URL", "RedrivePolicy");
        Assert.Equal(0, await VisibleAsync(stack.EventsQueueUrl));
    }

    [Fact]
    public async Task Check_ListAlertsDenied_FailsNamingTheAction()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutFaultsAsync(new { errorRate = 1.0, errorStatuses = new[] { 403 }, operations = new[] { "ListAlerts" } });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        AssertFails(output, "alerts " + LocalStack.DefaultChannel, "ListAlerts denied", "medialive:ListAlerts");
    }

    [Fact]
    public async Task Check_GetMetricDataDenied_FailsNamingTheAction()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutFaultsAsync(new { errorRate = 1.0, errorStatuses = new[] { 403 }, operations = new[] { "GetMetricData" } });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        AssertFails(output, "metrics " + LocalStack.DefaultChannel, "GetMetricData denied", "cloudwatch:GetMetricData");
    }

    [Fact]
    public async Task Check_EveryChannel_SecondChannelMissingFailsOnItsOwnRows()
    {
        // Fails before the fix: only MEDIALIVE_CHANNEL_ID was checked, whatever LUNORA_CHANNEL_IDS said.
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { ["LUNORA_CHANNEL_IDS"] = $"{LocalStack.DefaultChannel},9999999" });

        Assert.Equal(1, code);
        Assert.Contains("pass", Row(output, "channel " + LocalStack.DefaultChannel), StringComparison.Ordinal);
        AssertFails(output, "channel 9999999", "does not exist");
        Assert.Contains("skip", Row(output, "update channel (dry run) 9999999"), StringComparison.Ordinal);
        Assert.Contains("skip", Row(output, "alerts 9999999"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EveryStreamKey_EachOnItsOwnRowUnmanagedChannelIncluded()
    {
        // Fails before the fix: only the first key in scan order was read, never a backup, never another channel's.
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var primary = stack.Keys[await stack.AddKeyAsync("a-primary")];
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", extra: new()
        {
            ["stream_key_param"] = new(LocalStack.KeyPrefix + "/a-primary"),
            ["backup_rtmp_url"] = new("rtmp://127.0.0.1:1935/a-backup"),
            ["backup_stream_key_param"] = new(LocalStack.KeyPrefix + "/a-backup-missing"),
        });
        await stack.PutDestinationAsync("other", "rtmp://127.0.0.1:1935/o", extra: new()
        {
            ["channel_id"] = new(SecondChannel),
            ["stream_key_param"] = new(LocalStack.KeyPrefix + "/other-missing"),
        });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        Assert.Contains("/lunora/stream-keys/a-primary readable", Row(output, "key a primary"), StringComparison.Ordinal);
        AssertFails(output, "key a backup", "/lunora/stream-keys/a-backup-missing", "not found", "create the parameter");
        AssertFails(output, "key other primary", "/lunora/stream-keys/other-missing", "channel " + SecondChannel);
        Assert.Contains("3 key parameter(s) named, 1 readable", Row(output, "stream keys"), StringComparison.Ordinal);
        Assert.DoesNotContain(primary, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_KeyPastedIntoParameterField_RefusedWithoutEcho()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string pasted = "live_123456789_AbCdEfGhIjKlMnOpQrStUvWxYz";
        await stack.PutDestinationAsync("p", "rtmp://127.0.0.1:1935/p", extra: new() { ["stream_key_param"] = new(pasted) });

        var (code, output) = await CheckAsync(stack);

        Assert.Equal(1, code);
        AssertFails(output, "key p primary", "looks like a stream key", "rotate it");
        Assert.DoesNotContain(pasted, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RuleMissing_Fails()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, WithRules(stack));

        Assert.Equal(1, code);
        AssertFails(output, "rule " + RulePrefix + LocalStack.DefaultChannel, "does not exist", "MediaLiveChannelIds");
    }

    [Fact]
    public async Task Check_RuleTargetsAnotherQueue_FailsNamingBoth()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await PutRuleAsync(stack, LocalStack.DefaultChannel, stack.CommandsQueueUrl);

        var (code, output) = await CheckAsync(stack, WithRules(stack));

        Assert.Equal(1, code);
        AssertFails(output, "rule " + RulePrefix + LocalStack.DefaultChannel, "not the events queue", "add the events queue as the rule's target");
    }

    [Fact]
    public async Task Check_RuleWithoutTargets_Fails()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        stack.Emulator.Account.EventRules.Put(RulePrefix + LocalStack.DefaultChannel);

        var (code, output) = await CheckAsync(stack, WithRules(stack));

        Assert.Equal(1, code);
        AssertFails(output, "rule " + RulePrefix + LocalStack.DefaultChannel, "has no target");
    }

    [Fact]
    public async Task Check_RuleListDenied_FailsNamingTheAction()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await PutRuleAsync(stack, LocalStack.DefaultChannel, stack.EventsQueueUrl);
        await stack.PutFaultsAsync(new { errorRate = 1.0, errorStatuses = new[] { 403 }, operations = new[] { "ListTargetsByRule" } });

        var (code, output) = await CheckAsync(stack, WithRules(stack));

        Assert.Equal(1, code);
        AssertFails(output, "rule " + RulePrefix + LocalStack.DefaultChannel, "denied", "events:ListTargetsByRule");
    }

    [Fact]
    public async Task Check_BeforeDeploy_WhatTheStackCreatesIsLaterAndExitZero()
    {
        // Fails before the fix: check needed the worker table, the queues and the rules the stack creates.
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var missing = new Dictionary<string, string?>(WithRules(stack))
        {
            ["WORKER_TABLE"] = DynaliteFixture.UniqueName("worker-not-yet"),
            ["COMMANDS_QUEUE_URL"] = fauxqs.ServiceUrl + "/000000000000/not-yet-commands",
            ["EVENTS_QUEUE_URL"] = fauxqs.ServiceUrl + "/000000000000/not-yet-events",
            ["COMMANDS_DLQ_URL"] = fauxqs.ServiceUrl + "/000000000000/not-yet-dlq",
        };

        var (before, output) = await CheckAsync(stack, missing, beforeDeploy: true);
        var (after, afterOutput) = await CheckAsync(stack, missing);

        Assert.True(before == 0, output);
        Assert.Equal("later", Row(output, "table " + missing["WORKER_TABLE"]).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        Assert.Contains("will be created by the stack", Row(output, "queue EVENTS_QUEUE_URL"), StringComparison.Ordinal);
        Assert.Contains("will be created by the stack", Row(output, "rule " + RulePrefix + LocalStack.DefaultChannel), StringComparison.Ordinal);
        Assert.Contains("created by the stack", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.Equal(1, after);
        AssertFails(afterOutput, "table " + missing["WORKER_TABLE"], "does not exist");
        AssertFails(afterOutput, "queue EVENTS_QUEUE_URL", "does not exist");
    }

    [Fact]
    public async Task Check_BeforeDeploy_UiTableMissingStillFails()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);

        var (code, output) = await CheckAsync(stack, new() { ["DESTINATIONS_TABLE"] = "lunora-no-such-destinations" }, beforeDeploy: true);

        Assert.Equal(1, code);
        AssertFails(output, "table lunora-no-such-destinations", "does not exist");
    }

    private static Dictionary<string, string?> WithRules(LocalStack stack) => new()
    {
        ["EVENTS_RULE_PREFIX"] = RulePrefix,
        ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = stack.Emulator.BaseAddress.ToString().TrimEnd('/'),
    };

    private async Task PutRuleAsync(LocalStack stack, string channel, string queueUrl)
    {
        using var sqs = fauxqs.CreateClient();
        var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).QueueARN;
        stack.Emulator.Account.EventRules.Put(RulePrefix + channel, arn);
    }

    private async Task<int> VisibleAsync(string queueUrl)
    {
        using var sqs = fauxqs.CreateClient();
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages"] });
        return attributes.ApproximateNumberOfMessages;
    }

    private static string QueueName(string url) => url[(url.LastIndexOf('/') + 1)..];
}
