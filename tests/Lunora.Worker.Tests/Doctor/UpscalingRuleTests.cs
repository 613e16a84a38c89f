using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class UpscalingRuleTests
{
    [Fact]
    public void Check_1080pOutputFromAMeasured720pSourceInAnHdInput_FlaggedAgainstTheActualSource()
    {
        // The HD input class allows 1080p, so without the sample this passes; the source is really 1280x720.
        var input = Input(Good()) with { Source = new SourceMeasurement(2, 2, 10, 1280, 720) };

        var finding = Assert.Single(new UpscalingRule().Check(input));

        Assert.Contains("actual 1280x720", finding.Problem, StringComparison.Ordinal);
        Assert.Empty(new UpscalingRule().Check(Input(Good())));
    }

    [Fact]
    public void Check_1080pOutputFromA1080pSource_Quiet() =>
        Assert.Empty(new UpscalingRule().Check(Input(Good()) with { Source = new SourceMeasurement(2, 2, 10, 1920, 1080) }));
}
