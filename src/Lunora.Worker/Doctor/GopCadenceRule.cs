using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// A GOP that is not a whole number of source keyframe intervals: output IDR frames then land between source keyframes,
/// where the encoder must build them from predicted pictures, which costs quality at every GOP. The source's interval
/// is measured from a sample when one is given, else as the operator states it; it is never assumed (OBS's "auto" is
/// 250 frames, 8.3 s at 30 fps), so without either the doctor says it cannot judge.
/// </summary>
public sealed class GopCadenceRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.SourceKeyframeSeconds is not { } keyframe)
        {
            yield return new Finding(
                "source-keyframes",
                "source",
                "the source's keyframe interval is unknown (MediaLive does not report it), so GOP alignment cannot be judged; OBS's \"auto\" sends one every 250 frames (8.3 s at 30 fps)",
                $"give the doctor a sample of the source ({DoctorOptions.SampleVariable}: an FLV recording or an HTTP-FLV URL) to measure it, or state it ({DoctorOptions.KeyframeVariable}); set OBS Output > Keyframe Interval to 2 s",
                IsNote: true);
            yield break;
        }

        if (input.Source is { LongestKeyframeSeconds: { } longest } source && source.KeyframeSeconds is { } median && longest > median * 1.5)
        {
            yield return new Finding(
                "source-keyframes",
                "source",
                $"the source's keyframes are irregular: usually every {Format(median)} s, up to {Format(longest)} s apart in the sample (scene cuts or \"auto\" keyframes)",
                "set a fixed keyframe interval in the encoder (OBS Output > Keyframe Interval 2 s; x264 options keyint_min equal to keyint, no scenecut)");
        }

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
                    $"GOP of {Format(gop)} s is not a multiple of the source's {Format(keyframe)} s keyframe interval ({(input.Source?.KeyframeSeconds is not null ? "measured" : "as stated")})",
                    $"set the source's keyframe interval (OBS Output > Keyframe Interval) to divide the GOP (2 s for a 2 s GOP), or set gopSizeUnits SECONDS and gopSize to a multiple of {Format(keyframe)} that the platforms accept");
            }
        }
    }
}
