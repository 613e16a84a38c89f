using Lunora.Worker.CloudWatch;
using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// Output-side loss on a running channel: an RTMP output group whose ActiveOutputs (Minimum) reached 0, or has no
/// datapoint at all, on a pipeline; and the output alerts MediaLive raises ("Failed RTMP Connection", failing to create
/// or write the output socket). The alert's message is not repeated: it carries the destination URL.
/// </summary>
public sealed class OutputLossRule : IDoctorRule
{
    private static readonly HashSet<string> OutputAlerts = new(StringComparer.Ordinal)
    {
        "Failed RTMP Connection",
        "Failed to Create Output File or Socket",
        "Failed to Write to Output",
        "Failed to Validate Certificate Chain When Publishing",
    };

    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Text(input.Channel["state"]) is not ("RUNNING" or "RECOVERING"))
        {
            yield break;
        }

        var pipelines = Text(input.Channel["channelClass"]) == "SINGLE_PIPELINE" ? 1 : 2;
        foreach (var (group, _) in RtmpGroups(input.Channel))
        {
            for (var pipeline = 0; pipeline < pipelines; pipeline++)
            {
                if (!input.ActiveOutputs.TryGetValue(new ActiveOutputsKey(pipeline, group), out var series))
                {
                    yield return new Finding(
                        "output-loss",
                        $"output group {group}, pipeline {pipeline}",
                        "ActiveOutputs has no datapoint in the window: the output is not being produced",
                        "see the output alerts below and the channel's log; check the destination URL and that the platform expects a stream on this key");
                }
                else if (series.Values.Contains(0))
                {
                    var zeros = series.Values.Count(v => v == 0);
                    yield return new Finding(
                        "output-loss",
                        $"output group {group}, pipeline {pipeline}",
                        $"ActiveOutputs was 0 in {zeros} of {series.Values.Length} periods (newest {Format(series.Latest ?? 0)}): nothing reached the platform then",
                        "check the platform's ingest status and the output alerts; with a backup URL Lunora fails over by itself");
                }
            }
        }

        foreach (var alert in input.Alerts.Where(a => OutputAlerts.Contains(a.AlertType)).GroupBy(a => (a.AlertType, a.PipelineId)))
        {
            var set = alert.Count(a => a.State == "SET");
            yield return new Finding(
                "output-loss",
                $"pipeline {alert.Key.PipelineId ?? "?"}",
                $"MediaLive alert \"{alert.Key.AlertType}\" {(set > 0 ? "is set" : "was set and cleared")} ({alert.Count()} time(s))",
                "the platform refused or dropped the connection: check the stream key and URL in the destination, and the platform's dashboard");
        }
    }
}
