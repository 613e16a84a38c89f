using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// Input-side loss: seconds of input loss (InputLossSeconds, Sum) on a pipeline in the window, and the RTMP input
/// alerts (the source is not connected, sends no audio or video, or disconnected).
/// </summary>
public sealed class InputLossRule : IDoctorRule
{
    private static readonly HashSet<string> InputAlerts = new(StringComparer.Ordinal)
    {
        "RTMP Stream Not Found",
        "RTMP Has No Audio/Video",
        "RTMP Server Disconnected",
        "RTMP Input Connect Failed",
        "Video Not Detected",
        "Audio Not Detected",
    };

    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var history in input.Metrics)
        {
            if (history.InputLossSeconds is { } loss && loss.Values.Sum() is var total && total > 0)
            {
                var first = FirstNonZero(loss);
                yield return new Finding(
                    "input-loss",
                    $"pipeline {history.Pipeline}",
                    $"{Format(total)} s of input loss in the window{(first is { } f ? $", first at {f.At:HH:mm} UTC" : "")}: viewers saw the input-loss slate or nothing",
                    "check the source's connection (OBS Stats: dropped frames, network); on STANDARD send the source to both input endpoints");
            }
        }

        foreach (var alert in input.Alerts.Where(a => InputAlerts.Contains(a.AlertType)).GroupBy(a => (a.AlertType, a.PipelineId)))
        {
            var set = alert.Count(a => a.State == "SET");
            yield return new Finding(
                "input-loss",
                $"pipeline {alert.Key.PipelineId ?? "?"}",
                $"MediaLive alert \"{alert.Key.AlertType}\" {(set > 0 ? "is set" : "was set and cleared")} ({alert.Count()} time(s))",
                "the source is not sending to this input endpoint, or stopped: check OBS's server URL and stream name against the input's destinations");
        }
    }
}
