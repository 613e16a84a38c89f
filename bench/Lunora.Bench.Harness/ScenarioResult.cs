using System.Globalization;
using System.Text;

namespace Lunora.Bench.Harness;

/// <summary>What one scenario measured. Latencies and CPU are wall-clock; "real" rates are converted back by the factor.</summary>
public sealed class ScenarioResult
{
    public required string Name { get; init; }

    public required int Channels { get; init; }

    public required int Destinations { get; init; }

    public required double Factor { get; init; }

    public required int Concurrency { get; init; }

    public double DiscoverySeconds { get; set; } = double.NaN;

    public double FirstCallP50 { get; set; } = double.NaN;

    public double FirstCallP99 { get; set; } = double.NaN;

    public double FirstMutationP50 { get; set; } = double.NaN;

    public double FirstMutationP99 { get; set; } = double.NaN;

    public double StartRatioMedian { get; set; } = double.NaN;

    public double StartRatioMax { get; set; } = double.NaN;

    public double StartRatioFromFirstCallMedian { get; set; } = double.NaN;

    public double CallsPerChange { get; set; } = double.NaN;

    public double IdleCallsPerChannelMinute { get; set; } = double.NaN;

    public double RunningCallsPerChannelMinute { get; set; } = double.NaN;

    public double BurstRatioMedian { get; set; } = double.NaN;

    public double BurstStopsPerChannel { get; set; } = double.NaN;

    public double StormSeconds { get; set; } = double.NaN;

    public double StormCalls { get; set; } = double.NaN;

    public double StopRatioMedian { get; set; } = double.NaN;

    public long Throttled { get; set; }

    public long LimiterWaits { get; set; }

    public double LimiterWaitSeconds { get; set; }

    public double CpuCoresAverage { get; set; } = double.NaN;

    public double CpuCoresIdle { get; set; } = double.NaN;

    public double PeakWorkingSetMb { get; set; } = double.NaN;

    public double HeapMb { get; set; } = double.NaN;

    public double PlannerMicroseconds { get; set; } = double.NaN;

    public double WallSeconds { get; set; }

    public List<string> Notes { get; } = [];

    public static string Header =>
        "| scenario | factor | intent→first call p50 / p99 (s) | intent→first mutation p50 / p99 (s) | start convergence ÷ minimum (median / max) | calls per change | idle calls /channel /min | running calls /channel /min | 429s | limiter waits | CPU cores (avg / idle) | peak RSS MB | heap MB | planner µs |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} ({Channels}×{Destinations / Math.Max(1, Channels)}) | {Factor:0.#} | {FirstCallP50:0.00} / {FirstCallP99:0.00} | {FirstMutationP50:0.00} / {FirstMutationP99:0.00} | {StartRatioMedian:0.00} / {StartRatioMax:0.00} | {CallsPerChange:0.0} | {IdleCallsPerChannelMinute:0.00} | {RunningCallsPerChannelMinute:0.0} | {Throttled} | {LimiterWaits} ({LimiterWaitSeconds:0.0} s) | {CpuCoresAverage:0.00} / {CpuCoresIdle:0.00} | {PeakWorkingSetMb:0} | {HeapMb:0} | {PlannerMicroseconds:0} |");

    public string Details()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"- {Name}: {Channels} channels, {Destinations} destinations, factor {Factor}, {Concurrency} concurrent reconciles, {WallSeconds:0} s wall\n");
        b.Append(CultureInfo.InvariantCulture, $"  - every channel's first DescribeChannel after the worker started: {DiscoverySeconds:0.00} s\n");
        b.Append(CultureInfo.InvariantCulture, $"  - start convergence ÷ minimum measured from the channel's first call (detection excluded): median {StartRatioFromFirstCallMedian:0.00}\n");
        if (!double.IsNaN(BurstRatioMedian))
        {
            b.Append(CultureInfo.InvariantCulture, $"  - burst of 5 clicks per channel: convergence ÷ minimum (stop+update+start) median {BurstRatioMedian:0.00}; StopChannel per channel {BurstStopsPerChannel:0.00}\n");
        }

        if (!double.IsNaN(StormSeconds))
        {
            b.Append(CultureInfo.InvariantCulture, $"  - failure storm (every primary unreachable at once): all statuses on backup after {StormSeconds:0.0} s real ({StormSeconds / Factor:0.0} s wall), {StormCalls:0} MediaLive calls\n");
        }

        if (!double.IsNaN(StopRatioMedian))
        {
            b.Append(CultureInfo.InvariantCulture, $"  - stop all: convergence ÷ (idle grace + stop) median {StopRatioMedian:0.00}\n");
        }

        foreach (var note in Notes)
        {
            b.Append(CultureInfo.InvariantCulture, $"  - {note}\n");
        }

        return b.ToString();
    }
}
