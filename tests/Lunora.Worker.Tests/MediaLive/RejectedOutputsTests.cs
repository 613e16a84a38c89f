using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class RejectedOutputsTests
{
    private static readonly Dictionary<string, string> Ours = new(StringComparer.Ordinal) { ["lunora-a"] = "a", ["lunora-b"] = "b" };

    [Theory]
    [InlineData("destinations[1].settings[0].url")]
    [InlineData("/destinations/1/settings/0/url")]
    [InlineData("encoderSettings.outputGroups[2].outputs[0].outputSettings")]
    [InlineData("/encoderSettings/outputGroups/2/name")]
    public void Attribute_PathIntoOneOfOurOutputs_ThatDestination(string path)
    {
        var reasons = RejectedOutputs.Attribute(Body(), Error((path, "not supported")), Ours);

        Assert.NotNull(reasons);
        Assert.Equal("MediaLive rejected this destination's settings: not supported", Assert.Single(reasons).Value);
        Assert.Equal("b", reasons.Single().Key);
    }

    [Fact]
    public void Attribute_OneErrorOutsideOurOutputs_WholeUpdateFails() =>
        Assert.Null(RejectedOutputs.Attribute(Body(), Error(("destinations[1].settings[0].url", "no"), ("destinations[0].settings[0].url", "no")), Ours));

    [Fact]
    public void Attribute_NoValidationErrors_WholeUpdateFails() =>
        Assert.Null(RejectedOutputs.Attribute(Body(), Error(), Ours));

    private static AwsUnprocessableEntityException Error(params (string Path, string Message)[] errors) =>
        new("UnprocessableEntityException", "invalid", [.. errors.Select(e => new AwsValidationError(e.Path, e.Message))]);

    private static JsonObject Body() => JsonNode.Parse("""
        {
          "destinations": [ { "id": "theirs" }, { "id": "lunora-b" } ],
          "encoderSettings": { "outputGroups": [ { "name": "hls" }, { "name": "lunora-a" }, { "name": "lunora-b" } ] }
        }
        """)!.AsObject();
}
