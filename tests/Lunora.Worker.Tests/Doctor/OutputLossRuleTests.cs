using Lunora.Worker.CloudWatch;
using Lunora.Worker.Doctor;
using Lunora.Worker.MediaLive;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class OutputLossRuleTests
{
    [Fact]
    public void Check_ActiveOutputsOneEverywhere_Quiet() =>
        Assert.Empty(new OutputLossRule().Check(Input(Good())));

    [Fact]
    public void Check_ActiveOutputsZeroOnPipeline1_FlagsThatPipeline()
    {
        var input = Input(Good());
        input = input with { ActiveOutputs = input.ActiveOutputs.SetItem(new ActiveOutputsKey(1, "youtube"), Series(0, 0, 1)) };

        var finding = Assert.Single(new OutputLossRule().Check(input));

        Assert.Equal("output group youtube, pipeline 1", finding.Subject);
        Assert.Contains("ActiveOutputs was 0 in 2 of 3 periods", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoActiveOutputsDatapoint_FlagsTheOutputAsNotProduced()
    {
        var input = Input(Good());
        input = input with { ActiveOutputs = input.ActiveOutputs.Remove(new ActiveOutputsKey(0, "youtube")) };

        Assert.Contains("no datapoint", Assert.Single(new OutputLossRule().Check(input)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FailedRtmpConnectionAlert_FlaggedWithoutTheAlertsMessage()
    {
        var alert = new ChannelAlert("1", "Failed RTMP Connection", "rtmp://a.rtmp.youtube.com/live2/SECRET-KEY refused", "0", "SET", T0, null);
        var input = Input(Good()) with { Alerts = [alert] };

        var finding = Assert.Single(new OutputLossRule().Check(input));

        Assert.Contains("Failed RTMP Connection", finding.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-KEY", finding.Problem + finding.Fix + finding.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IdleChannel_Quiet()
    {
        var channel = Good();
        channel["state"] = "IDLE";

        Assert.Empty(new OutputLossRule().Check(Input(channel) with { ActiveOutputs = System.Collections.Immutable.ImmutableDictionary<ActiveOutputsKey, MetricSeries>.Empty }));
    }
}
