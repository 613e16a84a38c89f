using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class GopCadenceRuleTests
{
    [Fact]
    public void Check_KeyframeIntervalNeitherMeasuredNorStated_NoteInsteadOfAssuming2s()
    {
        var finding = Assert.Single(new GopCadenceRule().Check(Input(Good(), options: DoctorOptions.Default)));

        Assert.Equal("source-keyframes", finding.Rule);
        Assert.True(finding.IsNote);
        Assert.Contains(DoctorOptions.SampleVariable, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MeasuredObsAutoKeyframesAgainstA2sGop_FlaggedAsMeasured()
    {
        // OBS "auto": 250 frames at 30 fps. The preset's 2 s GOP is not a multiple of 8.3 s.
        var input = Input(Good(), options: DoctorOptions.Default) with { Source = new SourceMeasurement(8.333, 8.333, 6, 1920, 1080) };

        var finding = Assert.Single(new GopCadenceRule().Check(input));

        Assert.Equal("gop-cadence", finding.Rule);
        Assert.Contains("8.333 s keyframe interval (measured)", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Measured2sKeyframes_Quiet()
    {
        var input = Input(Good(), options: DoctorOptions.Default) with { Source = new SourceMeasurement(2, 2, 10, 1920, 1080) };

        Assert.Empty(new GopCadenceRule().Check(input));
    }

    [Fact]
    public void Check_MeasuredIrregularKeyframes_Flagged()
    {
        var input = Input(Good(), options: DoctorOptions.Default) with { Source = new SourceMeasurement(2, 5, 10, 1920, 1080) };

        Assert.Contains(new GopCadenceRule().Check(input), f => f.Problem.Contains("irregular", StringComparison.Ordinal));
    }
}
