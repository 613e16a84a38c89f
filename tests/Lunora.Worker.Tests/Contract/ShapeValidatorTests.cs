using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Contract;

public sealed class ShapeValidatorTests
{
    private static IReadOnlyList<string> Update(string json) =>
        ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", JsonNode.Parse(json));

    [Fact]
    public void ValidateInput_WrongCasing_Reported()
    {
        var errors = Update("""{"Name":"x"}""");

        Assert.Contains(errors, e => e.Contains("wrong casing", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateInput_UnknownMember_Reported() =>
        Assert.Contains(Update("""{"channelClass":"STANDARD"}"""), e => e.Contains("unknown member 'channelClass'", StringComparison.Ordinal));

    [Fact]
    public void ValidateInput_BadEnum_Reported() =>
        Assert.Contains(Update("""{"logLevel":"LOUD"}"""), e => e.Contains("not one of LogLevel", StringComparison.Ordinal));

    [Fact]
    public void ValidateInput_MissingRequired_Reported() =>
        Assert.Contains(Update("""{"encoderSettings":{"audioDescriptions":[],"outputGroups":[],"videoDescriptions":[]}}"""), e => e.Contains("'timecodeConfig' missing", StringComparison.Ordinal));

    [Fact]
    public void ValidateInput_MinimumInShapeName_Enforced()
    {
        var body = """
            {"encoderSettings":{"audioDescriptions":[],"videoDescriptions":[],"timecodeConfig":{"source":"EMBEDDED"},
             "outputGroups":[{"name":"g","outputGroupSettings":{"rtmpGroupSettings":{"cacheLength":5}},"outputs":[]}]}}
            """;

        Assert.Contains(Update(body), e => e.Contains("below the minimum 30 (__integerMin30)", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateInput_WrongPrimitiveAndListTypes_Reported()
    {
        var errors = Update("""{"name":5,"destinations":{"id":"x"},"channelSecurityGroups":[1]}""");

        Assert.Contains(errors, e => e.StartsWith("$.name: expected a string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.destinations: expected a list", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.channelSecurityGroups[0]: expected a string", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateInput_UriMemberInBody_Reported() =>
        Assert.Contains(Update("""{"channelId":"1"}"""), e => e.Contains("unknown member 'channelId'", StringComparison.Ordinal));

    [Theory]
    [InlineData("__integerMin30", 30.0, null)]
    [InlineData("__integerMin1Max32", 1.0, 32.0)]
    [InlineData("__stringMin1Max32", 1.0, 32.0)]
    [InlineData("__integerMinNegative60Max60", -60.0, 60.0)]
    [InlineData("__integerMax5", null, 5.0)]
    [InlineData("__string", null, null)]
    public void Bounds_ShapeName_Decoded(string name, double? min, double? max) =>
        Assert.Equal((min, max), ShapeValidator.Bounds(name, new JsonObject()));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ValidateInput_RealChannelFixtures_AreValidUpdateBodies(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        doc.Remove("channelClass");
        doc.Remove("tags");

        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", doc));
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in RealChannels.Files())
        {
            data.Add(f);
        }

        return data;
    }
}
