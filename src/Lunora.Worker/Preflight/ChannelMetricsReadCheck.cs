using Lunora.Worker.Aws;
using Lunora.Worker.CloudWatch;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The worker may read the channel's MediaLive metrics: one GetMetricData for ActiveOutputs over the last ten minutes
/// (a read: the call itself is the probe). An empty answer is fine: an idle channel has no datapoints.
/// </summary>
public sealed class ChannelMetricsReadCheck(CloudWatchClient cloudwatch, string channelId, TimeProvider time) : IPreflightCheck
{
    public string Name => $"metrics {channelId}";

    public string Permission => "cloudwatch:GetMetricData";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        var end = time.GetUtcNow();
        var query = new MetricQuery(
            "activeoutputs", "AWS/MediaLive", "ActiveOutputs", [new MetricDimension("ChannelId", channelId), new MetricDimension("Pipeline", "0")], "Minimum", 60);
        try
        {
            var series = await cloudwatch.GetMetricDataAsync([query], end.AddMinutes(-10), end, cancellationToken).ConfigureAwait(false);
            var points = series.Values.Sum(s => s.Values.Length);
            return PreflightResult.Pass(Name, $"GetMetricData allowed ({points} datapoint(s) in the last 10 min)");
        }
        catch (AwsForbiddenException e)
        {
            return PreflightResult.Fail(Name, $"GetMetricData denied ({e.ErrorType})", $"allow {Permission} (resource *) for the task role");
        }
    }
}
