using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>A rate-control buffer under two seconds' worth of bitrate: the encoder must starve complex scenes (blocking on motion).</summary>
public sealed class BufferRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var description in VideoDescriptions(input.Channel))
        {
            if (Codec(description) is not { } codec || (Number(codec["maxBitrate"]) ?? Number(codec["bitrate"])) is not { } bitrate)
            {
                continue;
            }

            var buffer = Number(codec["bufSize"]);
            if (buffer is null || buffer < 2 * bitrate)
            {
                yield return new Finding(
                    "buffer",
                    $"video description {Name(description)}",
                    buffer is null
                        ? $"bufSize is not set for a {Format(bitrate)} bit/s encode"
                        : $"bufSize {Format(buffer.Value)} bits is less than twice the {Format(bitrate)} bit/s rate",
                    $"set bufSize to {Format(2 * bitrate)} (twice the bitrate)");
            }
        }
    }
}
