using System.Collections.Immutable;
using System.Globalization;

namespace Lunora.Worker.CloudWatch;

/// <summary>The AWS/MediaLive metrics Lunora reads for health: per destination (ActiveOutputs) and per pipeline.</summary>
public sealed class MediaLiveMetrics(CloudWatchClient client, TimeProvider timeProvider)
{
    public const string Namespace = "AWS/MediaLive";

    /// <summary>Latest ActiveOutputs (Minimum) per (pipeline, output group); null when no datapoint (the output is not producing).</summary>
    public async Task<IReadOnlyDictionary<ActiveOutputsKey, double?>> ActiveOutputsAsync(
        string channelId,
        IReadOnlyCollection<ActiveOutputsKey> keys,
        TimeSpan window,
        int periodSeconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = keys.Select((k, i) => (Key: k, Id: "ao" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        var queries = ids.Select(x => new MetricQuery(
            x.Id,
            Namespace,
            "ActiveOutputs",
            [new("ChannelId", channelId), new("Pipeline", x.Key.Pipeline.ToString(CultureInfo.InvariantCulture)), new("OutputGroupName", x.Key.OutputGroupName)],
            "Minimum",
            periodSeconds)).ToList();
        var end = timeProvider.GetUtcNow();
        var results = await client.GetMetricDataAsync(queries, end - window, end, cancellationToken).ConfigureAwait(false);
        return ids.ToDictionary(x => x.Key, x => results.TryGetValue(x.Id, out var s) ? s.Latest : null);
    }

    /// <summary>Latest FillMsec (Maximum), DroppedFrames (Sum), InputVideoFrameRate (Maximum), NetworkIn (Average) per pipeline.</summary>
    public async Task<ImmutableArray<PipelineMetrics>> PipelinesAsync(
        string channelId,
        int pipelineCount,
        TimeSpan window,
        int periodSeconds,
        CancellationToken cancellationToken)
    {
        (string Metric, string Stat, string Prefix)[] metrics =
        [
            ("FillMsec", "Maximum", "fill"),
            ("DroppedFrames", "Sum", "dropped"),
            ("InputVideoFrameRate", "Maximum", "fps"),
            ("NetworkIn", "Average", "netin"),
        ];
        var queries = new List<MetricQuery>();
        for (var p = 0; p < pipelineCount; p++)
        {
            foreach (var (metric, stat, prefix) in metrics)
            {
                queries.Add(new MetricQuery(
                    string.Create(CultureInfo.InvariantCulture, $"{prefix}_p{p}"),
                    Namespace,
                    metric,
                    [new("ChannelId", channelId), new("Pipeline", p.ToString(CultureInfo.InvariantCulture))],
                    stat,
                    periodSeconds));
            }
        }

        var end = timeProvider.GetUtcNow();
        var results = await client.GetMetricDataAsync(queries, end - window, end, cancellationToken).ConfigureAwait(false);
        double? Latest(string prefix, int p) =>
            results.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{prefix}_p{p}"), out var s) ? s.Latest : null;
        return [.. Enumerable.Range(0, pipelineCount).Select(p => new PipelineMetrics(p, Latest("fill", p), Latest("dropped", p), Latest("fps", p), Latest("netin", p)))];
    }
}
