using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>Fill frames (the input stopped delivering) and dropped frames (the encoder fell behind), with when they started.</summary>
public sealed class FramesRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var pipeline in input.Metrics)
        {
            if (FirstNonZero(pipeline.FillMsec) is { } fill)
            {
                yield return new Finding(
                    "fill-frames",
                    $"pipeline {pipeline.Pipeline}",
                    $"fill frames inserted (FillMsec up to {Format(pipeline.FillMsec!.Values.Max())} ms) since {Stamp(fill.At)}: the input is not arriving in time",
                    "check the source's upload (OBS Stats: dropped/lagged frames, network), keep its bitrate well under the uplink, and use a wired connection");
            }

            if (FirstNonZero(pipeline.DroppedFrames) is { } dropped)
            {
                yield return new Finding(
                    "dropped-frames",
                    $"pipeline {pipeline.Pipeline}",
                    $"{Format(pipeline.DroppedFrames!.Values.Sum())} frames dropped since {Stamp(dropped.At)}",
                    "check the input frame rate against the outputs (see frame-rate-conversion), and lower the output resolution or look-ahead if the encoder is overloaded");
            }
        }
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
