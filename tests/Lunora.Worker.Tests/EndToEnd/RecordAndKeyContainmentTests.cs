using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Lunora.Worker.Tests.Secrets;
using Lunora.Worker.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Issue 15, records and keys: one broken record or key is that destination's status, never the worker's exit, never
/// a restart or a stop of the channel for the others, never terminal because an AWS service throttled, never an echo
/// of a key pasted into the wrong field. The real worker host against the emulator, dynalite and fauxqs.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class RecordAndKeyContainmentTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // Looks the worker takes at a steady channel: enough for a coalesce window and an idle grace to pass many times over.
    private const int Looks = 15;

    [Fact]
    public async Task Start_RecordNamesMissingKeyParameter_WorkerRunsAndOnlyThatDestinationErrs()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        // The HLS player needs no key: the bad record is the only one naming a parameter, whatever the scan order.
        await stack.PutDestinationAsync("player", "rtmp://127.0.0.1:1935/unused", platform: "hls", extra: new() { ["stream_key_param"] = new AttributeValue { NULL = true } });
        await stack.PutDestinationAsync("bad", "rtmp://127.0.0.1:1935/bad", extra: new() { ["stream_key_param"] = new(LocalStack.KeyPrefix + "/never-created") });

        // Before the fix the start-up preflight failed on this record and the host never started (exit 1 in ECS).
        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("player") == "streaming" && await stack.StatusAsync("bad") == "error",
            Deadline,
            "the player streaming, bad in error");
        Assert.Equal("stream key parameter /lunora/stream-keys/never-created not found", await stack.StatusReasonAsync("bad"));
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        Assert.Empty(await stack.ManagedOutputsAsync());
    }

    [Fact]
    public async Task KeyTurnsUnreadable_OutputOnChannel_KeepsLastGoodKeyWithoutStopOrUpdate()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming");
        var (stops, updates) = (log.Count(GatewayLog.Stop), log.Count(GatewayLog.Update));

        await stack.RemoveKeyAsync("a");

        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.StatusReasonAsync("a"))?.Contains("still sending with the last good key", StringComparison.Ordinal) == true,
            Deadline,
            "a's status says its key is kept");
        await LetTheWorkerLookAsync(stack);
        Assert.Equal("stream key parameter /lunora/stream-keys/a not found; still sending with the last good key", await stack.StatusReasonAsync("a"));
        Assert.Equal((stops, updates), (log.Count(GatewayLog.Stop), log.Count(GatewayLog.Update)));
        Assert.True(await BothStreamingAsync(stack), "a and b still streaming");
        Assert.Equal(2, (await stack.ManagedOutputsAsync()).Count);
    }

    [Fact]
    public async Task EveryKeyUnreadable_RunningChannel_NotStopped()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming");

        await stack.CorruptKeysAsync();

        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.StatusReasonAsync("a"))?.Contains("still sending with the last good key", StringComparison.Ordinal) == true
                && (await stack.StatusReasonAsync("b"))?.Contains("still sending with the last good key", StringComparison.Ordinal) == true,
            Deadline,
            "both statuses say their keys are kept");
        await LetTheWorkerLookAsync(stack);
        Assert.Equal(0, log.Count(GatewayLog.Stop));
        Assert.Equal("RUNNING", await stack.ChannelStateAsync());
        Assert.True(await BothStreamingAsync(stack), "a and b still streaming");
    }

    [Fact]
    public async Task KeyUnreadable_WorkerRestarted_OutputKeepsTheKeyOnTheChannel()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");
        var first = await stack.StartWorkerAsync();
        await WorkerUnderTest.EventuallyAsync(() => BothStreamingAsync(stack), Deadline, "a and b streaming");
        await first.StopAsync();

        // The new worker never read a's key: only the channel still has it.
        await stack.RemoveKeyAsync("a");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);

        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.StatusReasonAsync("a"))?.Contains("still sending with the last good key", StringComparison.Ordinal) == true,
            Deadline,
            "a's status says its key is kept");
        await LetTheWorkerLookAsync(stack);
        Assert.Equal(0, log.Mutations);
        Assert.Equal(2, (await stack.ManagedOutputsAsync()).Count);
        Assert.True(await BothStreamingAsync(stack), "a and b still streaming");
    }

    [Fact]
    public async Task BackupKeyMissing_HealthyPrimary_StreamsAndSaysFailoverUnavailable()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", backupUrl: "rtmp://127.0.0.1:1936/a", failover: true);
        await stack.RemoveKeyAsync("a-backup");
        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming on its primary");
        Assert.Equal(
            "backup stream key parameter /lunora/stream-keys/a-backup not found; failover to the backup is unavailable until it can be read",
            await stack.StatusReasonAsync("a"));
        // STANDARD: with no usable backup both pipelines send to the primary.
        Assert.Equal(["rtmp://127.0.0.1:1935/a", "rtmp://127.0.0.1:1935/a"], (await stack.ManagedOutputsAsync())[OutputNaming.GroupName("a")]);
    }

    [Fact]
    public async Task DynamoDbThrottlesReads_ReconcileRetriesAsTransient_NeverTerminal()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        var capture = new TelemetryCapture();
        var throttled = 0;
        await stack.StartWorkerAsync(services: s =>
        {
            capture.AddTo(s);
            s.AddSingleton<IAmazonDynamoDB>(sp => ThrottlingDynamo.Wrap(
                DynamoDbClientFactory.Create(sp.GetRequiredService<StateOptions>()),
                request => request is ScanRequest { ProjectionExpression: null } scan && scan.TableName == stack.Tables.DestinationsTable && Interlocked.Increment(ref throttled) <= 3));
        });

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming after the throttled reads");
        Assert.True(Volatile.Read(ref throttled) > 3, "the reads were throttled");
        Assert.DoesNotContain(capture.Logs, l => l.EventId.Id == 111);
        Assert.Contains(capture.Logs, l => l.EventId.Id == 110 && l.Message.Contains(nameof(AmazonDynamoDBException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SsmThrottlesKeyRead_NeverTerminal_DestinationStreamsOnceReadable()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        var (ssm, fake) = FakeSsm.Create();
        foreach (var (name, value) in stack.Keys)
        {
            fake.Parameters[name] = value;
        }

        var capture = new TelemetryCapture();
        await stack.StartWorkerAsync(
            new Dictionary<string, string?> { ["STREAM_KEYS_FILE"] = "" },
            services: s =>
            {
                capture.AddTo(s);
                s.AddSingleton(ssm);
            });
        await WorkerUnderTest.EventuallyAsync(async () => (await stack.DestinationAsync("a")).ContainsKey("observed_version"), Deadline, "a read and reported");

        // A new destination's key is read by the reconcile its intent triggers, and SSM throttles that read twice.
        fake.Parameters[LocalStack.KeyPrefix + "/b"] = "key-b-in-parameter-store";
        fake.ThrottleNext = 2;
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b");

        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("b") == "streaming", Deadline, "b streaming once its key reads");
        Assert.Equal(0, fake.ThrottleNext);
        Assert.DoesNotContain(capture.Logs, l => l.EventId.Id == 111);
    }

    [Fact]
    public async Task KeyPastedIntoParameterOrUrl_Refused_NeverEchoed()
    {
        const string pasted = "live_417230981_Zq8Rt2Vw6Xy4Pk1Mn7Bc3Df";
        const string inUrl = "k3v9-7hq2-ab4x-9z1m-pq8r";
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("good", "rtmp://127.0.0.1:1935/good");
        await stack.PutDestinationAsync("pasted", "rtmp://127.0.0.1:1935/pasted", platform: "twitch", extra: new() { ["stream_key_param"] = new(pasted) });
        await stack.PutDestinationAsync("in-url", "rtmp://127.0.0.1:1935/live2/" + inUrl, platform: "youtube");
        await stack.StartWorkerAsync();

        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("good") == "streaming" && await stack.StatusAsync("pasted") == "error" && await stack.StatusAsync("in-url") == "error",
            Deadline,
            "good streaming, the pasted keys refused");
        Assert.Equal(
            "stream_key_param looks like a stream key, not a Parameter Store name; store the key in Parameter Store and put the parameter's name here",
            await stack.StatusReasonAsync("pasted"));
        Assert.StartsWith("rtmp_url ends with what looks like a stream key", await stack.StatusReasonAsync("in-url"), StringComparison.Ordinal);
        foreach (var id in new[] { "pasted", "in-url" })
        {
            var status = string.Join('\n', (await stack.DestinationAsync(id)).Where(kv => kv.Key is not ("stream_key_param" or "rtmp_url")).Select(kv => kv.Key + "=" + kv.Value.S));
            Assert.DoesNotContain(pasted, status, StringComparison.Ordinal);
            Assert.DoesNotContain(inUrl, status, StringComparison.Ordinal);
        }

        Assert.Equal([OutputNaming.GroupName("good")], (await stack.ManagedOutputsAsync()).Keys);
    }

    private static async Task<bool> BothStreamingAsync(LocalStack stack) =>
        await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "streaming";

    private static Task LetTheWorkerLookAsync(LocalStack stack)
    {
        var describes = stack.Calls("DescribeChannel");
        return WorkerUnderTest.EventuallyAsync(() => Task.FromResult(stack.Calls("DescribeChannel") >= describes + Looks), Deadline, "the worker keeps looking");
    }
}
