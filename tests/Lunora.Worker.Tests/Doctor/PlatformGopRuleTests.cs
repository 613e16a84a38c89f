using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class PlatformGopRuleTests
{
    [Theory]
    [InlineData(Platform.Twitch, 4.0, true)]
    [InlineData(Platform.Twitch, 2.0, false)]
    [InlineData(Platform.Restream, 4.0, true)]
    [InlineData(Platform.YouTube, 4.0, false)]
    [InlineData(Platform.YouTube, 6.0, true)]
    [InlineData(Platform.Custom, 10.0, false)]
    public void Check_OutputGopAgainstThePlatformsLimit_FlagsOnlyLongerOnes(Platform platform, double gop, bool expected)
    {
        var (channel, desired) = ChannelFor(platform);
        H264(channel)["gopSize"] = gop;
        H264(channel)["gopSizeUnits"] = "SECONDS";

        var findings = new PlatformGopRule().Check(Input(channel, desired: desired)).ToList();

        Assert.Equal(expected, findings.Count == 1);
        if (expected)
        {
            Assert.Contains(platform.ToString(), findings[0].Subject, StringComparison.Ordinal);
            Assert.Contains("gopSize 2", findings[0].Fix, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_FourSecondGopInFramesToTwitch_Flagged()
    {
        var (channel, desired) = ChannelFor(Platform.Twitch);
        H264(channel)["gopSize"] = 120;
        H264(channel)["gopSizeUnits"] = "FRAMES";

        Assert.Single(new PlatformGopRule().Check(Input(channel, desired: desired)));
    }

    private static (System.Text.Json.Nodes.JsonObject Channel, DesiredChannel Desired) ChannelFor(Platform platform)
    {
        var group = OutputNaming.GroupName("d1");
        var channel = WithSecondGroup(Good(), group);
        var desired = new DesiredChannel("3714710", [new DestinationSpec { Id = "d1", Platform = platform, Primary = new EndpointSpec("rtmp://a/live", "/k", "fp") }]);
        return (channel, desired);
    }
}
