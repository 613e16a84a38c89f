using Lunora.Domain.Observed;
using Lunora.Worker.Health;

namespace Lunora.Worker.Tests.Health;

public sealed class AlertAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ObservedOutput Live = Output("lunora-a", "rtmp://ingest.example/live", "fp-a");
    private static readonly ObservedOutput Live2 = Output("lunora-b", "rtmp://ingest.example/live2", "fp-b");

    [Theory]
    [InlineData("Unable to connect to RTMP server [rtmp://ingest.example/live2]; retrying.", "lunora-b")]
    [InlineData("Unable to connect to RTMP server [rtmp://ingest.example/live]; retrying.", "lunora-a")]
    [InlineData("Unable to connect to rtmp://ingest.example/live2.", "lunora-b")]
    [InlineData("Unable to connect to RTMP server [rtmp://elsewhere.example/live] for output group [lunora-a]", "lunora-a")]
    [InlineData("Unable to connect to RTMP server [rtmp://ingest.example/live3]", null)]
    [InlineData("Unable to connect to RTMP server rtmp://ingest.example/liv", null)]
    public void Attribute_ExactUrlOrGroup_OnlyThatOutput(string message, string? expected) =>
        Assert.Equal(expected, AlertAttribution.Attribute(Alert(message), [Live, Live2]));

    [Fact]
    public void Attribute_TwoOutputsOnOneIngest_Ambiguous()
    {
        var shared = Output("lunora-c", "rtmp://ingest.example/live", "fp-c");

        Assert.Null(AlertAttribution.Attribute(Alert("Unable to connect to RTMP server [rtmp://ingest.example/live]"), [Live, shared]));
    }

    [Fact]
    public void Attribute_TwoOutputsOnOneIngest_GroupNameTellsThemApart()
    {
        var shared = Output("lunora-c", "rtmp://ingest.example/live", "fp-c");

        Assert.Equal("lunora-c", AlertAttribution.Attribute(Alert("RTMP server [rtmp://ingest.example/live] refused output group [lunora-c]"), [Live, shared]));
    }

    [Fact]
    public void Attribute_NotAnOutputAlert_Nobody() =>
        Assert.Null(AlertAttribution.Attribute(Alert("[rtmp://ingest.example/live]", "Video Not Detected"), [Live]));

    [Fact]
    public void Attribute_PipelineTheOutputDoesNotHave_Nobody() =>
        Assert.Null(AlertAttribution.Attribute(Alert("[rtmp://ingest.example/live]") with { Pipeline = 1 }, [Live]));

    private static AlertSignal Alert(string message, string type = "Failed RTMP Connection") =>
        new("ch", "1", type, 0, message, IsSet: true, T0, null);

    private static ObservedOutput Output(string group, string url, string fingerprint) => new(group, [new ObservedTarget(url, fingerprint)]);
}
