using Lunora.Worker.Configuration;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.Configuration;

namespace Lunora.Worker.Tests.Telemetry;

public sealed class LivenessOptionsTests
{
    [Fact]
    public void FromConfiguration_NotSet_FifteenMinutes() =>
        Assert.Equal(TimeSpan.FromMinutes(15), LivenessOptions.FromConfiguration(new ConfigurationBuilder().Build()).StaleAfter);

    [Fact]
    public void FromConfiguration_Seconds_Read() =>
        Assert.Equal(TimeSpan.FromSeconds(900), LivenessOptions.FromConfiguration(Config("900")).StaleAfter);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void FromConfiguration_NotAPositiveNumber_ConfigurationProblemNamingTheSetting(string value)
    {
        var error = Assert.Throws<ConfigurationProblemsException>(() => LivenessOptions.FromConfiguration(Config(value)));

        Assert.Contains(LivenessOptions.Variable, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private static IConfiguration Config(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LivenessOptions.Variable] = value }).Build();
}
