using System.Diagnostics;
using System.Globalization;
using Lunora.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// The loop's numbers for docs/loop.md, measured on the real host against the emulator (fast profile), dynalite and
/// fauxqs: intent write to the first MediaLive mutation, MediaLive calls per destination change, destination failing
/// to failover starting. Prints; asserts only that each step happened, never a time.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
[Trait("Category", "Benchmark")]
public sealed class LoopMeasurements(DynaliteFixture dynalite, FauxqsFixture fauxqs, ITestOutputHelper output)
{
    private const int Samples = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(null)]
    [InlineData("0.2")]
    public async Task IntentWrite_ToFirstMediaLiveMutation_PrintsLatency(string? intentPoll)
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a", desiredState: "stopped");
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log, new Dictionary<string, string?>
        {
            ["LUNORA_IDLE_GRACE_SECONDS"] = "0.5",
            ["LUNORA_INTENT_POLL_SECONDS"] = intentPoll,
        });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "ready", Deadline, "a ready");

        var latencies = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var written = Stopwatch.GetTimestamp();
            await stack.SetDesiredAsync("a", "streaming");
            // The first start writes the outputs (UpdateChannel); later ones find them in place and only start.
            await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(log.FirstAfter(null, written) is not null), Deadline, "a mutation after the intent");
            latencies.Add(Stopwatch.GetElapsedTime(written, log.FirstAfter(null, written)!.Value).TotalMilliseconds);
            await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");

            await stack.SetDesiredAsync("a", "stopped");
            await WorkerUnderTest.EventuallyAsync(async () => await stack.ChannelStateAsync() == "IDLE" && await stack.StatusAsync("a") == "ready", Deadline, "idle again");

            // Let the loop go quiet (no follow-up runs of the stop) and spread the next write over the intent poll's
            // phase, so the sample measures the intent path rather than a run that happened to be due anyway.
            await Task.Delay(TimeSpan.FromMilliseconds(1500 + (i * 170)));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"intent poll {intentPoll ?? "default (0.5)"} s: intent write -> first MediaLive mutation (idle channel), ms: {string.Join(", ", latencies.Select(l => l.ToString("0", CultureInfo.InvariantCulture)))}; mean {latencies.Average():0}, max {latencies.Max():0}"));
    }

    [Fact]
    public async Task DestinationChange_WhileStreaming_PrintsMediaLiveCallsPerOperation()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("a", "rtmp://127.0.0.1:1935/a");
        await stack.PutDestinationAsync("b", "rtmp://127.0.0.1:1935/b", desiredState: "stopped");
        var log = new GatewayLog();

        // Production-like pacing for the reads: health every 10 s, transitions every 1 s (fast emulator profile).
        await stack.StartWorkerAsync(log, new Dictionary<string, string?>
        {
            ["LUNORA_HEALTH_POLL_SECONDS"] = "10",
            ["LUNORA_TRANSITION_POLL_SECONDS"] = "1",
            ["LUNORA_RESYNC_SECONDS"] = "60",
        });
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("a") == "streaming", Deadline, "a streaming");

        var before = new Dictionary<string, long>(stack.Emulator.RequestCounts, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await stack.SetDesiredAsync("b", "streaming");
        await WorkerUnderTest.EventuallyAsync(
            async () => await stack.StatusAsync("a") == "streaming" && await stack.StatusAsync("b") == "streaming",
            Deadline,
            "both streaming");
        var elapsed = clock.Elapsed;
        var after = stack.Emulator.RequestCounts;

        var diff = after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).Where(x => x.Count > 0).ToList();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"calls: start a second destination while streaming ({elapsed.TotalSeconds:0.0} s to both streaming): {string.Join(", ", diff.Select(d => $"{d.Key} {d.Count}"))}; total {diff.Sum(d => d.Count)}"));
        Assert.Equal(1, log.Count(GatewayLog.Stop));
    }

    [Fact]
    public async Task DestinationFailing_ToFailoverStarting_PrintsLatency()
    {
        await using var stack = await LocalStack.StartSinglePipelineAsync(dynalite, fauxqs);
        const string Primary = "rtmp://127.0.0.1:1935/live";
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        await stack.PutDestinationAsync("yt", Primary, backupUrl: Backup, failover: true);
        var log = new GatewayLog();
        await stack.StartWorkerAsync(log);
        await WorkerUnderTest.EventuallyAsync(async () => await stack.StatusAsync("yt") == "streaming", Deadline, "yt streaming");

        var broken = Stopwatch.GetTimestamp();
        await stack.SetReachableAsync(Primary, reachable: false);
        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(log.FirstAfter(GatewayLog.Stop, broken) is not null), Deadline, "failover stop");
        var toStop = Stopwatch.GetElapsedTime(broken, log.FirstAfter(GatewayLog.Stop, broken)!.Value);
        await WorkerUnderTest.EventuallyAsync(
            async () => (await stack.DestinationAsync("yt")).GetValueOrDefault("current_url_type")?.S == "backup" && await stack.StatusAsync("yt") == "streaming",
            Deadline,
            "yt streaming on its backup");
        var toBackup = Stopwatch.GetElapsedTime(broken);

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"primary unreachable -> failover StopChannel: {toStop.TotalMilliseconds:0} ms (failover-after 2000 ms, health poll 300 ms); -> streaming on backup: {toBackup.TotalMilliseconds:0} ms"));
    }
}
