using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// A note, not a problem: with several destinations delivered directly by the channel's RTMP outputs, MediaLive applies an
/// output change only to an idle channel, so each change (a destination added or removed, a key rotated, a failover on a
/// SINGLE_PIPELINE channel) stops and restarts the channel and interrupts every destination, not just the one changed.
/// </summary>
public sealed class DirectDeliveryRestartRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var groups = RtmpGroups(input.Channel).Count();
        if (groups < 2)
        {
            yield break;
        }

        yield return new Finding(
            "direct-delivery",
            "channel",
            $"{groups} RTMP output groups deliver directly to the platforms: every output change restarts the channel and interrupts all {groups} destinations",
            "plan changes between events; to change one destination without touching the others, deliver through a relay (one output from the channel, fanned out after it)",
            IsNote: true);
    }
}
