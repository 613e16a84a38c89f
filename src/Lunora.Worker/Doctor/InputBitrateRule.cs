using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>NetworkIn above the input specification's maximum bitrate: MediaLive provisions for the class and drops what exceeds it.</summary>
public sealed class InputBitrateRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var declared = Text(input.Channel["inputSpecification"]?["maximumBitrate"]);
        // MediaLive's default when the channel does not say.
        var maximum = declared switch
        {
            "MAX_10_MBPS" => 10,
            "MAX_50_MBPS" => 50,
            _ => 20,
        };
        foreach (var pipeline in input.Metrics)
        {
            var peak = pipeline.NetworkIn is { Values.IsDefaultOrEmpty: false } s ? s.Values.Max() : (double?)null;
            if (peak is { } mbps && mbps > maximum)
            {
                var next = maximum < 20 ? "MAX_20_MBPS" : "MAX_50_MBPS";
                yield return new Finding(
                    "input-bitrate",
                    $"pipeline {pipeline.Pipeline}",
                    $"input reaches {Format(mbps)} Mbit/s (NetworkIn), above the input specification's maximum of {maximum} Mbit/s ({declared ?? "MAX_20_MBPS by default"})",
                    maximum < 50
                        ? $"set inputSpecification.maximumBitrate to {next}, or lower the source's bitrate (OBS Output > Bitrate) below {maximum} Mbit/s"
                        : $"lower the source's bitrate (OBS Output > Bitrate) below {maximum} Mbit/s");
            }
        }
    }
}
