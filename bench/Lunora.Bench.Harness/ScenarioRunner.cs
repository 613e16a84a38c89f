using System.Diagnostics;
using System.Globalization;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using Lunora.Worker.Aws;
using Lunora.Worker.Loop;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Bench.Harness;

/// <summary>Runs one scenario's phases against a fresh <see cref="BenchStack"/> and measures them.</summary>
public sealed class ScenarioRunner(BenchOptions options, ScenarioSpec spec)
{
    // The emulator's realistic profile (TransitionProfile.Realistic): start 90 s, stop 30 s, update 10 s.
    private const double StartSeconds = 90;
    private const double StopSeconds = 30;
    private const double UpdateSeconds = 10;
    private const double IdleGraceSeconds = 60;

    private readonly double _factor = spec.Factor ?? options.Factor;

    public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var runOptions = options with { Factor = _factor };
        var result = new ScenarioResult
        {
            Name = spec.Name,
            Channels = spec.Channels,
            Destinations = spec.Channels * spec.DestinationsPerChannel,
            Factor = _factor,
            Concurrency = options.Concurrency ?? new LoopOptions().MaxConcurrentReconciles,
        };
        await using var stack = await BenchStack.StartAsync(runOptions, spec.Channels, cancellationToken);
        var channels = SeedWriter.ChannelIds(spec.Channels);
        var destinations = channels
            .SelectMany((channel, c) => Enumerable.Range(0, spec.DestinationsPerChannel).Select(d =>
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"c{c}-d{d}");
                return (Id: id, Channel: channel, Url: $"rtmp://127.0.0.1:1935/{id}", BackupUrl: (string?)$"rtmp://127.0.0.1:1936/{id}");
            }))
            .ToList();
        await stack.PutDestinationsAsync(destinations, cancellationToken);
        var byChannel = destinations.GroupBy(d => d.Channel).ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToList(), StringComparer.Ordinal);

        await using var meter = new ProcessMeter();
        var cpuStart = ProcessMeter.CpuTime();
        var workerStarted = Stopwatch.GetTimestamp();
        await stack.StartWorkerAsync(cancellationToken);

        // Discovery: every channel with destinations gets looked at without any change being made.
        var discovered = await EventuallyAsync(
            () => Task.FromResult(channels.All(c => stack.Recorder.FirstAfter(c, workerStarted, r => r.Operation == "DescribeChannel") is not null)),
            TimeSpan.FromSeconds(120),
            cancellationToken);
        result.DiscoverySeconds = discovered ? Stats.Seconds(workerStarted, Stopwatch.GetTimestamp()) : double.NaN;
        if (!discovered)
        {
            result.Notes.Add("not every channel was looked at within 120 s of the start");
        }

        // Idle: every channel idle, nothing wanted.
        var (idleCalls, idleCpu) = await QuietAsync(stack, spec.IdleSeconds, cancellationToken);
        result.IdleCallsPerChannelMinute = idleCalls / spec.Channels / (spec.IdleSeconds * _factor / 60);
        result.CpuCoresIdle = idleCpu;

        // Start: a burst of intents, every destination of the first StartChannels channels to streaming.
        var started = channels.Take(spec.StartChannels).ToList();
        var startIds = started.SelectMany(c => byChannel[c]).ToList();
        var (writes, converged) = await ChangeAsync(stack, startIds, "streaming", s => s.Status == "streaming", byChannel, TimeSpan.FromSeconds(300 / _factor * 4 + 120), cancellationToken);
        var startMin = (UpdateSeconds + StartSeconds) / _factor;
        MeasureLatency(stack, writes, destinations, result);
        var ratios = Ratios(writes, converged, byChannel, started, startMin, fromFirstCall: null);
        result.StartRatioMedian = Stats.Percentile(ratios, 50);
        result.StartRatioMax = ratios.Count == 0 ? double.NaN : ratios.Max();
        var fromCall = Ratios(writes, converged, byChannel, started, startMin, stack.Recorder);
        result.StartRatioFromFirstCallMedian = Stats.Percentile(fromCall, 50);
        if (converged.Count < started.Count)
        {
            result.Notes.Add($"start: only {converged.Count} of {started.Count} channels converged before the deadline");
        }

        var phaseEnd = converged.Count == 0 ? Stopwatch.GetTimestamp() : converged.Values.Max();
        result.CallsPerChange = stack.Recorder.Between(writes.Values.Min(), phaseEnd).Count / (double)startIds.Count;
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"start: {stack.Recorder.Between(writes.Values.Min(), phaseEnd).Count} MediaLive calls for {startIds.Count} intents on {started.Count} channels; minimum convergence {startMin:0.0} s wall ({UpdateSeconds + StartSeconds:0} s real)"));
        result.PlannerMicroseconds = await PlannerTimeAsync(stack, started[0], cancellationToken);

        // Running, nothing changing: the health polling cost.
        var (runningCalls, _) = await QuietAsync(stack, spec.RunningIdleSeconds, cancellationToken);
        var idleChannels = spec.Channels - started.Count;
        var idleShare = idleChannels * result.IdleCallsPerChannelMinute * (spec.RunningIdleSeconds * _factor / 60);
        result.RunningCallsPerChannelMinute = (runningCalls - idleShare) / started.Count / (spec.RunningIdleSeconds * _factor / 60);

        if (spec.Storm)
        {
            await StormAsync(stack, startIds, result, cancellationToken);
        }

        if (spec.Burst)
        {
            await BurstAsync(stack, started, byChannel, result, cancellationToken);
        }

        if (spec.StopAll)
        {
            var stopIds = started.SelectMany(c => byChannel[c]).Where(id => !id.EndsWith("-d0", StringComparison.Ordinal) || !spec.Burst).ToList();
            var (stopWrites, stopped) = await ChangeAsync(stack, stopIds, "stopped", s => s.Status == "ready", byChannel, TimeSpan.FromSeconds(120 / _factor * 4 + 60), cancellationToken);
            // "ready" is written as soon as a destination is no longer wanted; the channel itself stops after the idle
            // grace, and is IDLE one stop duration after its StopChannel (read from the calls, not by spending budget on looks).
            await EventuallyAsync(
                () => Task.FromResult(started.All(c => stack.Recorder.FirstAfter(c, stopWrites.Values.Min(), r => r.Operation == "StopChannel") is not null)),
                TimeSpan.FromSeconds(IdleGraceSeconds / _factor * 3 + 30),
                cancellationToken);
            var stopRatios = started
                .Select(c => (Last: byChannel[c].Where(stopWrites.ContainsKey).Select(id => stopWrites[id]).DefaultIfEmpty().Max(), Stop: stack.Recorder.FirstAfter(c, stopWrites.Values.Min(), r => r.Operation == "StopChannel")))
                .Where(x => x.Last > 0 && x.Stop is not null)
                .Select(x => (Stats.Seconds(x.Last, x.Stop!.At) + (StopSeconds / _factor)) / ((IdleGraceSeconds + StopSeconds) / _factor))
                .ToList();
            result.StopRatioMedian = Stats.Percentile(stopRatios, 50);
            result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"stop: destinations ready after {Stats.Seconds(stopWrites.Values.Min(), stopped.Count == 0 ? Stopwatch.GetTimestamp() : stopped.Values.Max()):0.0} s wall; {stopRatios.Count} of {started.Count} channels stopped"));
        }

        var wall = Stats.Seconds(workerStarted, Stopwatch.GetTimestamp());
        result.CpuCoresAverage = (ProcessMeter.CpuTime() - cpuStart).TotalSeconds / wall;
        result.Throttled = stack.Recorder.Between(workerStarted, long.MaxValue).Count(c => c.Status == 429);
        var limiter = stack.Services.GetRequiredService<MediaLiveRateLimiter>();
        result.LimiterWaits = limiter.Waits;
        result.LimiterWaitSeconds = limiter.Waited.TotalSeconds;
        GC.Collect();
        result.HeapMb = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        result.PeakWorkingSetMb = meter.PeakWorkingSet / 1024.0 / 1024.0;
        var counts = await stack.EmulatorCountsAsync(cancellationToken);
        var emulatorMediaLive = counts.Where(kv => kv.Key is not ("GetMetricData" or "GetMetricStatistics")).Sum(kv => kv.Value);
        result.Notes.Add($"emulator saw {emulatorMediaLive} MediaLive requests, the worker sent {stack.Recorder.Between(0, long.MaxValue).Count}; by operation: {string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))}");
        result.WallSeconds = Stats.Seconds(began, Stopwatch.GetTimestamp());
        if (options.TraceFile is { } trace)
        {
            // Every MediaLive attempt: wall seconds since the worker started, channel, operation, status.
            await File.WriteAllLinesAsync(
                trace,
                stack.Recorder.Between(0, long.MaxValue).Select(c => string.Create(CultureInfo.InvariantCulture, $"{Stats.Seconds(workerStarted, c.At):0.000} {c.Channel} {c.Operation} {c.Status}")),
                cancellationToken);
        }

        return result;
    }

    private static async Task<(double Calls, double CpuCores)> QuietAsync(BenchStack stack, double seconds, CancellationToken cancellationToken)
    {
        var from = Stopwatch.GetTimestamp();
        var cpu = ProcessMeter.CpuTime();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var to = Stopwatch.GetTimestamp();
        return (stack.Recorder.Between(from, to).Count, (ProcessMeter.CpuTime() - cpu).TotalSeconds / Stats.Seconds(from, to));
    }

    /// <summary>Writes the intents (a few at a time, as a burst of UI clicks) and waits until each channel's destinations satisfy <paramref name="done"/>.</summary>
    private async Task<(Dictionary<string, long> Writes, Dictionary<string, long> Converged)> ChangeAsync(
        BenchStack stack,
        List<string> ids,
        string desired,
        Func<(string? Status, string? UrlType), bool> done,
        Dictionary<string, List<string>> byChannel,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var writes = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            writes[id] = Stopwatch.GetTimestamp();
            await stack.SetDesiredAsync(id, desired, ct);
        });
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var converged = await WaitChannelsAsync(stack, wanted, done, byChannel, deadline, cancellationToken);
        return (new Dictionary<string, long>(writes, StringComparer.Ordinal), converged);
    }

    private async Task<Dictionary<string, long>> WaitChannelsAsync(
        BenchStack stack,
        HashSet<string> wanted,
        Func<(string? Status, string? UrlType), bool> done,
        Dictionary<string, List<string>> byChannel,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var channels = byChannel.Where(kv => kv.Value.Any(wanted.Contains)).ToDictionary(kv => kv.Key, kv => kv.Value.Where(wanted.Contains).ToList(), StringComparer.Ordinal);
        var converged = new Dictionary<string, long>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(spec.Channels > 100 ? 500 : 100);
        while (clock.Elapsed < deadline && converged.Count < channels.Count)
        {
            var statuses = await stack.StatusesAsync(cancellationToken);
            var now = Stopwatch.GetTimestamp();
            foreach (var (channel, ids) in channels)
            {
                if (!converged.ContainsKey(channel) && ids.All(id => statuses.TryGetValue(id, out var s) && done(s)))
                {
                    converged[channel] = now;
                }
            }

            await Task.Delay(interval, cancellationToken);
        }

        return converged;
    }

    private static List<double> Ratios(
        Dictionary<string, long> writes,
        Dictionary<string, long> converged,
        Dictionary<string, List<string>> byChannel,
        List<string> channels,
        double minimum,
        CallRecorder? fromFirstCall)
    {
        var ratios = new List<double>();
        foreach (var channel in channels.Where(converged.ContainsKey))
        {
            var lastWrite = byChannel[channel].Where(writes.ContainsKey).Select(id => writes[id]).DefaultIfEmpty().Max();
            if (lastWrite == 0)
            {
                continue;
            }

            var from = fromFirstCall?.FirstAfter(channel, lastWrite, _ => true)?.At ?? lastWrite;
            ratios.Add(Stats.Seconds(from, converged[channel]) / minimum);
        }

        return ratios;
    }

    private static void MeasureLatency(BenchStack stack, Dictionary<string, long> writes, List<(string Id, string Channel, string Url, string? BackupUrl)> destinations, ScenarioResult result)
    {
        var channelOf = destinations.ToDictionary(d => d.Id, d => d.Channel, StringComparer.Ordinal);
        var firstCall = new List<double>();
        foreach (var (id, at) in writes)
        {
            if (stack.Recorder.FirstAfter(channelOf[id], at, _ => true) is { } call)
            {
                firstCall.Add(Stats.Seconds(at, call.At));
            }
        }

        var firstMutation = new List<double>();
        foreach (var group in writes.GroupBy(w => channelOf[w.Key]))
        {
            var first = group.Min(w => w.Value);
            if (stack.Recorder.FirstAfter(group.Key, first, CallRecorder.IsMutation) is { } call)
            {
                firstMutation.Add(Stats.Seconds(first, call.At));
            }
        }

        result.FirstCallP50 = Stats.Percentile(firstCall, 50);
        result.FirstCallP99 = Stats.Percentile(firstCall, 99);
        result.FirstMutationP50 = Stats.Percentile(firstMutation, 50);
        result.FirstMutationP99 = Stats.Percentile(firstMutation, 99);
    }

    private async Task StormAsync(BenchStack stack, List<string> ids, ScenarioResult result, CancellationToken cancellationToken)
    {
        var from = Stopwatch.GetTimestamp();
        foreach (var id in ids)
        {
            await stack.SetReachableAsync($"rtmp://127.0.0.1:1935/{id}", reachable: false, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var all = false;
        while (!all && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var statuses = await stack.StatusesAsync(cancellationToken);
            all = ids.All(id => statuses.TryGetValue(id, out var s) && s.UrlType == "backup");
            if (!all)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        var to = Stopwatch.GetTimestamp();
        result.StormSeconds = all ? Stats.Seconds(from, to) * _factor : double.NaN;
        result.StormCalls = stack.Recorder.Between(from, to).Count;
        if (!all)
        {
            result.Notes.Add("storm: not every destination reported its backup within 120 s");
        }

        foreach (var id in ids)
        {
            await stack.SetReachableAsync($"rtmp://127.0.0.1:1935/{id}", reachable: true, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(30 / _factor * 2), cancellationToken);
    }

    /// <summary>Five quick clicks on one destination per running channel, ending on stopped: one restart per channel is the goal.</summary>
    private async Task BurstAsync(BenchStack stack, List<string> channels, Dictionary<string, List<string>> byChannel, ScenarioResult result, CancellationToken cancellationToken)
    {
        var from = Stopwatch.GetTimestamp();
        var writes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var state in new[] { "stopped", "streaming", "stopped", "streaming", "stopped" })
        {
            foreach (var channel in channels)
            {
                var id = byChannel[channel][0];
                writes[id] = Stopwatch.GetTimestamp();
                await stack.SetDesiredAsync(id, state, cancellationToken);
            }
        }

        var clicked = channels.Select(c => byChannel[c][0]).ToHashSet(StringComparer.Ordinal);
        var others = channels.SelectMany(c => byChannel[c].Skip(1)).ToHashSet(StringComparer.Ordinal);

        // Converged: the clicked one is ready again and the channel's restart is over (the others streaming after it).
        var converged = await WaitChannelsAsync(
            stack,
            clicked,
            s => s.Status == "ready",
            byChannel.ToDictionary(kv => kv.Key, kv => kv.Value.Take(1).ToList(), StringComparer.Ordinal),
            TimeSpan.FromSeconds(300 / _factor * 4 + 60),
            cancellationToken);
        await EventuallyAsync(
            async () =>
            {
                var s = await stack.StatusesAsync(cancellationToken);
                return others.All(id => s.TryGetValue(id, out var x) && x.Status == "streaming")
                    && channels.All(c => stack.Recorder.FirstAfter(c, from, r => r.Operation == "StartChannel") is not null);
            },
            TimeSpan.FromSeconds(300 / _factor * 4 + 60),
            cancellationToken);
        var restarted = channels.ToDictionary(
            c => c,
            c => stack.Recorder.Between(from, long.MaxValue).Where(r => r.Channel == c && r.Operation == "StartChannel").Select(r => r.At).DefaultIfEmpty().Max(),
            StringComparer.Ordinal);
        var minimum = (StopSeconds + UpdateSeconds + StartSeconds) / _factor;
        var statuses = await stack.StatusesAsync(cancellationToken);
        var ratios = channels
            .Where(c => restarted[c] > 0)
            .Select(c => Stats.Seconds(byChannel[c].Take(1).Select(id => writes[id]).Max(), Math.Max(restarted[c], converged.GetValueOrDefault(c))) / minimum)
            .ToList();

        // The restart is over when the channel is RUNNING again: measured to the last StartChannel plus the start itself.
        result.BurstRatioMedian = Stats.Percentile(ratios.Select(r => r + (StartSeconds / _factor / minimum)).ToList(), 50);
        result.BurstStopsPerChannel = stack.Recorder.Between(from, long.MaxValue).Count(r => r.Operation == "StopChannel") / (double)channels.Count;
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"burst: {stack.Recorder.Between(from, Stopwatch.GetTimestamp()).Count} MediaLive calls for {writes.Count * 5 / Math.Max(1, writes.Count)} clicks × {channels.Count} channels; {statuses.Count(s => s.Value.Status == "streaming")} destinations streaming after"));
    }

    private static async Task<double> PlannerTimeAsync(BenchStack stack, string channel, CancellationToken cancellationToken)
    {
        var runner = stack.Services.GetRequiredService<ReconcileRunner>();
        var policy = stack.Services.GetRequiredService<ReconcilePolicy>();
        var view = await runner.PlanAsync(channel, cancellationToken);
        var now = TimeProvider.System.GetUtcNow();
        const int Runs = 2000;
        for (var i = 0; i < 100; i++)
        {
            Planner.Plan(view.Desired, view.Observed, view.Health, policy, now);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            Planner.Plan(view.Desired, view.Observed, view.Health, policy, now);
        }

        return clock.Elapsed.TotalMicroseconds / Runs;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }
}
