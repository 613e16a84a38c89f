using System.Diagnostics;

namespace Lunora.Bench.Harness;

public static class Stats
{
    /// <summary>Nearest-rank percentile; NaN for no samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;
}
