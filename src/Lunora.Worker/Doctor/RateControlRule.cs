using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>VBR or QVBR sent over RTMP: platform ingests expect a constant rate and buffer for it; peaks stall the connection.</summary>
public sealed class RateControlRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var uses = RtmpUses(input.Channel);
        foreach (var description in VideoDescriptions(input.Channel))
        {
            if (Codec(description) is { } codec && Text(codec["rateControlMode"]) is "VBR" or "QVBR" && uses.TryGetValue(Name(description), out var groups))
            {
                yield return new Finding(
                    "rate-control",
                    $"video description {Name(description)}",
                    $"{Text(codec["rateControlMode"])} is sent to RTMP output group(s) {string.Join(", ", groups.Distinct(StringComparer.Ordinal))}; platforms expect CBR",
                    "set rateControlMode CBR with bitrate at the platform's recommended rate and bufSize twice the bitrate (a Lunora preset does this)");
            }
        }
    }
}
