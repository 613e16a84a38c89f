using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// An output larger than the source: upscaling spends bits on detail that is not there. Against the source's actual size
/// when a sample measured it, else against the input specification's resolution class (which only bounds the source).
/// </summary>
public sealed class UpscalingRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var declared = Text(input.Channel["inputSpecification"]?["resolution"]);
        // MediaLive's classes: SD below 720 lines, HD up to 1080p, UHD above. HD is the default.
        var (maxWidth, maxHeight) = declared switch
        {
            "SD" => (720, 576),
            "UHD" => (4096, 2160),
            _ => (1920, 1080),
        };
        if (input.Source is { Width: { } sourceWidth, Height: { } sourceHeight })
        {
            foreach (var description in VideoDescriptions(input.Channel))
            {
                var (w, h) = (Number(description["width"]) ?? 0, Number(description["height"]) ?? 0);
                if (w * h > sourceWidth * (double)sourceHeight * 1.01)
                {
                    yield return new Finding(
                        "upscaling",
                        $"video description {Name(description)}",
                        $"output {Format(w)}x{Format(h)} is larger than the source's actual {sourceWidth}x{sourceHeight} (measured from the sample)",
                        $"lower the output to {sourceWidth}x{sourceHeight} or below, or raise the source's output resolution (OBS Settings > Video > Output (Scaled) Resolution)");
                }
            }

            yield break;
        }

        foreach (var description in VideoDescriptions(input.Channel))
        {
            var width = Number(description["width"]);
            var height = Number(description["height"]);
            // Portrait outputs: compare the long and the short side.
            var (longSide, shortSide) = (Math.Max(width ?? 0, height ?? 0), Math.Min(width ?? 0, height ?? 0));
            if (longSide > maxWidth || shortSide > maxHeight)
            {
                yield return new Finding(
                    "upscaling",
                    $"video description {Name(description)}",
                    $"output {Format(width ?? 0)}x{Format(height ?? 0)} is larger than the {declared ?? "HD (default)"} input (at most {maxWidth}x{maxHeight})",
                    $"lower the output resolution to the input's, or send a larger source and set inputSpecification.resolution to match");
            }
        }
    }
}
