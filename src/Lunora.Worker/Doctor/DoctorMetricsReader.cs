using System.Collections.Immutable;
using System.Globalization;
using Lunora.Worker.CloudWatch;

namespace Lunora.Worker.Doctor;

/// <summary>
/// The per-pipeline metrics the doctor needs as whole series (the health path's <see cref="MediaLiveMetrics"/> keeps only
/// the latest value; the doctor needs when a problem started). Same metrics and statistics.
/// </summary>
public sealed class DoctorMetricsReader(CloudWatchClient client, TimeProvider timeProvider)
{
    private static readonly (string Metric, string Stat, string Prefix)[] Metrics =
    [
        ("FillMsec", "Maximum", "fill"),
        ("DroppedFrames", "Sum", "dropped"),
        ("InputVideoFrameRate", "Maximum", "fps"),
        ("NetworkIn", "Average", "netin"),
        ("InputLossSeconds", "Sum", "loss"),
    ];

    public async Task<ImmutableArray<PipelineHistory>> ReadAsync(string channelId, int pipelineCount, DoctorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var queries = new List<MetricQuery>();
        for (var p = 0; p < pipelineCount; p++)
        {
            foreach (var (metric, stat, prefix) in Metrics)
            {
                queries.Add(new MetricQuery(
                    Id(prefix, p),
                    MediaLiveMetrics.Namespace,
                    metric,
                    [new("ChannelId", channelId), new("Pipeline", p.ToString(CultureInfo.InvariantCulture))],
                    stat,
                    options.PeriodSeconds));
            }
        }

        var end = timeProvider.GetUtcNow();
        var results = await client.GetMetricDataAsync(queries, end - options.Window, end, cancellationToken).ConfigureAwait(false);
        MetricSeries? Series(string prefix, int p) => results.TryGetValue(Id(prefix, p), out var s) && !s.Values.IsDefaultOrEmpty ? s : null;
        return [.. Enumerable.Range(0, pipelineCount).Select(p => new PipelineHistory(p, Series("fill", p), Series("dropped", p), Series("fps", p), Series("netin", p), Series("loss", p)))];
    }

    /// <summary>ActiveOutputs (Minimum, as the health path reads it) per RTMP output group and pipeline, as whole series.</summary>
    public async Task<ImmutableDictionary<ActiveOutputsKey, MetricSeries>> ReadActiveOutputsAsync(
        string channelId, IReadOnlyList<string> groupNames, int pipelineCount, DoctorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(options);
        var keys = groupNames.SelectMany(g => Enumerable.Range(0, pipelineCount).Select(p => new ActiveOutputsKey(p, g))).ToList();
        if (keys.Count == 0)
        {
            return ImmutableDictionary<ActiveOutputsKey, MetricSeries>.Empty;
        }

        var queries = keys.Select((k, i) => new MetricQuery(
            string.Create(CultureInfo.InvariantCulture, $"active_{i}"),
            MediaLiveMetrics.Namespace,
            "ActiveOutputs",
            [new("ChannelId", channelId), new("OutputGroupName", k.OutputGroupName), new("Pipeline", k.Pipeline.ToString(CultureInfo.InvariantCulture))],
            "Minimum",
            options.PeriodSeconds)).ToList();
        var end = timeProvider.GetUtcNow();
        var results = await client.GetMetricDataAsync(queries, end - options.Window, end, cancellationToken).ConfigureAwait(false);
        var builder = ImmutableDictionary.CreateBuilder<ActiveOutputsKey, MetricSeries>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (results.TryGetValue(queries[i].Id, out var series) && !series.Values.IsDefaultOrEmpty)
            {
                builder[keys[i]] = series;
            }
        }

        return builder.ToImmutable();
    }

    private static string Id(string prefix, int pipeline) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_p{pipeline}");
}
