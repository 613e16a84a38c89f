using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>A SPECIFIED output frame rate that differs from the measured input: MediaLive then drops or repeats frames (30 vs 29.97 judders every 33 s).</summary>
public sealed class FrameRateConversionRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (MeasuredFrameRate(input) is not { } measured)
        {
            yield break;
        }

        foreach (var description in VideoDescriptions(input.Channel))
        {
            if (Codec(description) is { } codec && SpecifiedFrameRate(codec) is { } specified && Math.Abs(specified - measured) > 0.01)
            {
                yield return new Finding(
                    "frame-rate-conversion",
                    $"video description {Name(description)}",
                    $"output frame rate is fixed at {Format(specified)} fps but the input measures {Format(measured)} fps (InputVideoFrameRate), so every output frame is converted",
                    "set framerateControl to INITIALIZE_FROM_SOURCE, or make the source send the same rate (OBS Video > Common FPS Values)");
            }
        }
    }
}
