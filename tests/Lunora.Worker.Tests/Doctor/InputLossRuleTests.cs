using Lunora.Worker.Doctor;
using Lunora.Worker.MediaLive;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class InputLossRuleTests
{
    [Fact]
    public void Check_NoInputLoss_Quiet()
    {
        var metrics = GoodMetrics();

        Assert.Empty(new InputLossRule().Check(Input(Good(), [.. metrics.Select(m => m with { InputLossSeconds = Series(0, 0, 0) })])));
    }

    [Fact]
    public void Check_InputLossSecondsOnPipeline0_FlagsThatPipelineWithTheTotal()
    {
        var metrics = GoodMetrics();
        metrics = metrics.SetItem(0, metrics[0] with { InputLossSeconds = Series(0, 12, 3) });

        var finding = Assert.Single(new InputLossRule().Check(Input(Good(), metrics)));

        Assert.Equal("pipeline 0", finding.Subject);
        Assert.Contains("15 s of input loss", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RtmpInputAlert_Flagged()
    {
        var input = Input(Good()) with { Alerts = [new ChannelAlert("7", "RTMP Has No Audio/Video", null, "1", "CLEARED", T0, T0)] };

        var finding = Assert.Single(new InputLossRule().Check(input));

        Assert.Equal("pipeline 1", finding.Subject);
        Assert.Contains("was set and cleared", finding.Problem, StringComparison.Ordinal);
    }
}
