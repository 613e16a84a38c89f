using System.Globalization;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.Health;

namespace Lunora.Worker.MediaLive;

/// <summary>Health signals for the loop from ListAlerts and CloudWatch ActiveOutputs.</summary>
public sealed class MediaLiveSignalSource(MediaLiveClient client, MediaLiveMetrics metrics, TimeProvider timeProvider, MediaLiveSignalOptions? options = null)
    : IChannelSignalSource
{
    private readonly MediaLiveSignalOptions _options = options ?? MediaLiveSignalOptions.Default;

    public async Task<IReadOnlyList<AlertSignal>> ListAlertsAsync(string channelId, CancellationToken cancellationToken)
    {
        var alerts = await client.ListAlertsAsync(channelId, AlertStateFilter.All, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        return [.. alerts.Select(a => new AlertSignal(
            channelId,
            a.Id,
            a.AlertType,
            ParsePipeline(a.PipelineId),
            a.Message ?? "",
            string.Equals(a.State, "SET", StringComparison.Ordinal),
            a.SetTimestamp ?? now,
            a.ClearedTimestamp))];
    }

    public async Task<IReadOnlyDictionary<(string GroupName, int Pipeline), double>> ActiveOutputsAsync(
        string channelId,
        IReadOnlyCollection<string> groupNames,
        int pipelineCount,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        if (groupNames.Count == 0)
        {
            return new Dictionary<(string, int), double>();
        }

        var keys = groupNames.SelectMany(g => Enumerable.Range(0, pipelineCount).Select(p => new ActiveOutputsKey(p, g))).ToList();
        var values = await metrics.ActiveOutputsAsync(channelId, keys, _options.Window, _options.PeriodSeconds, cancellationToken).ConfigureAwait(false);
        return values.Where(v => v.Value is not null).ToDictionary(v => (v.Key.OutputGroupName, v.Key.Pipeline), v => v.Value!.Value);
    }

    /// <summary>"PIPELINE_1", "1" → 1; anything unreadable → 0 (single-pipeline channels only have pipeline 0).</summary>
    internal static int ParsePipeline(string? pipelineId)
    {
        if (pipelineId is null)
        {
            return 0;
        }

        var digits = pipelineId.StartsWith("PIPELINE_", StringComparison.OrdinalIgnoreCase) ? pipelineId["PIPELINE_".Length..] : pipelineId;
        return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= 0 ? p : 0;
    }
}
