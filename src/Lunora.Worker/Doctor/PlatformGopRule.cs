using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// An output GOP longer than the destination's platform accepts. Twitch requires a 2 s keyframe interval (Broadcast
/// Requirements); YouTube recommends 2 s and says not to exceed 4 s (Live encoder settings); Restream relays to
/// platforms with Twitch's rule and recommends 2 s. MediaLive re-encodes, so the output GOP is what the platform sees.
/// </summary>
public sealed class PlatformGopRule : IDoctorRule
{
    public static double? MaxGopSeconds(Platform platform) => platform switch
    {
        Platform.Twitch => 2,
        Platform.Restream => 2,
        Platform.YouTube => 4,
        _ => null,
    };

    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Desired is null)
        {
            yield break;
        }

        var descriptions = DescriptionsByName(input.Channel);
        var groups = RtmpGroups(input.Channel).ToDictionary(g => g.Group, g => g.Videos, StringComparer.Ordinal);
        foreach (var destination in input.Desired.Destinations)
        {
            if (MaxGopSeconds(destination.Platform) is not { } limit || !groups.TryGetValue(OutputNaming.GroupName(destination.Id), out var videos))
            {
                continue;
            }

            foreach (var video in videos.Distinct(StringComparer.Ordinal))
            {
                if (descriptions.TryGetValue(video, out var description) && Codec(description) is { } codec && GopSeconds(codec, input) is { } gop && gop > limit + 0.01)
                {
                    yield return new Finding(
                        "platform-gop",
                        $"destination {destination.Id} ({destination.Platform})",
                        $"GOP of {Format(gop)} s (video description {video}) is longer than {destination.Platform} accepts ({Format(limit)} s at most)",
                        $"set gopSizeUnits SECONDS and gopSize {Format(Math.Min(limit, 2))} in the destination's preset; a longer GOP is refused or re-encoded by the platform");
                }
            }
        }
    }
}
