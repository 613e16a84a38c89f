using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class DirectDeliveryRestartRuleTests
{
    [Fact]
    public void Check_OneRtmpGroup_Quiet() =>
        Assert.Empty(new DirectDeliveryRestartRule().Check(Input(Good())));

    [Fact]
    public void Check_TwoRtmpGroups_NoteThatEveryChangeRestartsBoth()
    {
        var finding = Assert.Single(new DirectDeliveryRestartRule().Check(Input(WithSecondGroup(Good(), "twitch"))));

        Assert.True(finding.IsNote);
        Assert.Contains("interrupts all 2 destinations", finding.Problem, StringComparison.Ordinal);
    }
}
