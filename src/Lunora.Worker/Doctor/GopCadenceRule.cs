using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// A GOP that is not a whole number of source keyframe intervals: output IDR frames then land between source keyframes,
/// where the encoder must build them from predicted pictures, which costs quality at every GOP.
/// </summary>
public sealed class GopCadenceRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var keyframe = input.Options.SourceKeyframeSeconds;
        foreach (var description in VideoDescriptions(input.Channel))
        {
            if (Codec(description) is not { } codec || GopSeconds(codec, input) is not { } gop)
            {
                continue;
            }

            var ratio = gop / keyframe;
            if (ratio < 0.99 || Math.Abs(ratio - Math.Round(ratio)) > 0.01)
            {
                yield return new Finding(
                    "gop-cadence",
                    $"video description {Name(description)}",
                    $"GOP of {Format(gop)} s is not a multiple of the source's {Format(keyframe)} s keyframe interval",
                    $"set gopSizeUnits SECONDS and gopSize to {Format(keyframe)} (or a multiple), or set the source's keyframe interval (OBS Output > Keyframe Interval) to divide the GOP; {DoctorOptions.KeyframeVariable} tells the doctor the source's interval");
            }
        }
    }

    private static double? GopSeconds(System.Text.Json.Nodes.JsonObject codec, DoctorInput input)
    {
        if (Number(codec["gopSize"]) is not { } size || size <= 0)
        {
            return null;
        }

        if (Text(codec["gopSizeUnits"]) == "SECONDS")
        {
            return size;
        }

        // In frames (MediaLive's default unit): seconds at the output frame rate.
        var fps = SpecifiedFrameRate(codec) ?? MeasuredFrameRate(input);
        return fps is > 0 ? size / fps.Value : null;
    }
}
