using Lunora.Worker.Doctor;
using Microsoft.Extensions.Configuration;

namespace Lunora.Worker.Tests.Doctor;

public sealed class DoctorOptionsTests
{
    [Fact]
    public void From_Nothing_KeyframeIntervalUnknownAndHalfAnHour()
    {
        var problems = new List<string>();

        var options = DoctorOptions.From(new ConfigurationBuilder().Build(), problems);

        Assert.Empty(problems);
        Assert.Null(options.SourceKeyframeSeconds);
        Assert.Null(options.SourceSample);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Window);
    }

    [Theory]
    [InlineData("1.5", null)]
    [InlineData("0", "LUNORA_SOURCE_KEYFRAME_SECONDS")]
    [InlineData("two", "LUNORA_SOURCE_KEYFRAME_SECONDS")]
    public void From_KeyframeSetting_ReadOrReported(string value, string? problem)
    {
        var problems = new List<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DoctorOptions.KeyframeVariable] = value }).Build();

        var options = DoctorOptions.From(configuration, problems);

        if (problem is null)
        {
            Assert.Empty(problems);
            Assert.Equal(1.5, options.SourceKeyframeSeconds);
        }
        else
        {
            Assert.Contains(problem, Assert.Single(problems), StringComparison.Ordinal);
        }
    }
}
