using Lunora.Worker.Tests.Deploy;
using System.Text.Json.Nodes;
using Lunora.Emulator.Model;

namespace Lunora.Worker.Tests.Emulator.Model;

public sealed class ModelValidatorTests
{
    private static readonly ModelValidator Validator = new(ServiceModel.MediaLive);

    public static TheoryData<string> RealChannels => new()
    {
        "awscli-doc-hls-akamai-webvtt",
        "jonnycoder1-rtmp-youtube-facebook",
        "lsoa-v2.3.0-720p-hls-webdav-mediapackage",
        "lsoa-v4-hd1080p-mediapackage",
        "lsos3-v3-hd720p-hls-s3",
    };

    [Theory]
    [MemberData(nameof(RealChannels))]
    public void ValidateRequest_RealChannelAsUpdateBody_NoErrors(string fixture)
    {
        var body = Fixture(fixture);
        var channelClass = (string?)body["channelClass"] ?? "STANDARD";
        body.Remove("channelClass");
        body.Remove("tags");

        Assert.Empty(Validator.ValidateRequest(body, "UpdateChannelRequest"));
        Assert.Empty(ChannelRules.Validate(body, channelClass));
    }

    [Theory]
    [InlineData("channelClass")]
    [InlineData("tags")]
    [InlineData("state")]
    [InlineData("Name")]
    public void ValidateRequest_MemberUpdateDoesNotAccept_Rejected(string member)
    {
        var body = Fixture("jonnycoder1-rtmp-youtube-facebook");
        body.Remove("channelClass");
        body.Remove("tags");
        body[member] = "x";

        var error = Assert.Single(Validator.ValidateRequest(body, "UpdateChannelRequest"));
        Assert.Equal(member, error.ElementPath);
    }

    [Fact]
    public void ValidateRequest_WrongCasingDeepInside_ReportsPath()
    {
        var body = RtmpBody();
        var settings = body["encoderSettings"]!["outputGroups"]![0]!["outputGroupSettings"]!["rtmpGroupSettings"]!.AsObject();
        settings["CacheLength"] = settings["cacheLength"]!.DeepClone();
        settings.Remove("cacheLength");

        var error = Assert.Single(Validator.ValidateRequest(body, "UpdateChannelRequest"));
        Assert.Equal("encoderSettings.outputGroups[0].outputGroupSettings.rtmpGroupSettings.CacheLength", error.ElementPath);
    }

    [Fact]
    public void ValidateRequest_MissingRequired_Reported()
    {
        var body = RtmpBody();
        body["encoderSettings"]!.AsObject().Remove("timecodeConfig");

        var error = Assert.Single(Validator.ValidateRequest(body, "UpdateChannelRequest"));
        Assert.Equal("encoderSettings.timecodeConfig", error.ElementPath);
        Assert.Equal("is required", error.ErrorMessage);
    }

    [Theory]
    [InlineData("cacheLength", "29", "greater than or equal to 30")]
    [InlineData("cacheLength", "\"30\"", "must be an integer")]
    [InlineData("cacheLength", "30.5", "must be an integer")]
    [InlineData("inputLossAction", "\"PAUSE\"", "must be one of")]
    [InlineData("adMarkers", "\"ON_CUE_POINT_SCTE35\"", "must be an array")]
    public void ValidateRequest_BadValue_Rejected(string member, string json, string expected)
    {
        var body = RtmpBody();
        body["encoderSettings"]!["outputGroups"]![0]!["outputGroupSettings"]!["rtmpGroupSettings"]![member] = JsonNode.Parse(json);

        var error = Assert.Single(Validator.ValidateRequest(body, "UpdateChannelRequest"));
        Assert.Contains(expected, error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DanglingDestinationRefId_Rejected()
    {
        var body = RtmpBody();
        body["destinations"]![0]!["id"] = "elsewhere";

        var errors = ChannelRules.Validate(body, "SINGLE_PIPELINE");

        Assert.Contains(errors, e => e.ElementPath.EndsWith("rtmpOutputSettings.destination.destinationRefId", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RtmpGroupWithTwoOutputs_Rejected()
    {
        var body = RtmpBody();
        var outputs = body["encoderSettings"]!["outputGroups"]![0]!["outputs"]!.AsArray();
        outputs.Add(outputs[0]!.DeepClone());

        var error = Assert.Single(ChannelRules.Validate(body, "SINGLE_PIPELINE"));
        Assert.Equal("encoderSettings.outputGroups[0].outputs", error.ElementPath);
    }

    [Theory]
    [InlineData("STANDARD", 1, true)]
    [InlineData("STANDARD", 2, false)]
    [InlineData("STANDARD", 3, true)]
    [InlineData("SINGLE_PIPELINE", 1, false)]
    [InlineData("SINGLE_PIPELINE", 2, true)]
    public void Validate_DestinationSettingsCount_MatchesChannelClass(string channelClass, int count, bool rejected)
    {
        var body = RtmpBody();
        foreach (var destination in body["destinations"]!.AsArray())
        {
            var settings = destination!["settings"]!.AsArray();
            var first = settings[0]!.DeepClone();
            settings.Clear();
            for (var i = 0; i < count; i++)
            {
                settings.Add(first.DeepClone());
            }
        }

        var errors = ChannelRules.Validate(body, channelClass);

        Assert.Equal(rejected, errors.Any(e => e.ElementPath.EndsWith(".settings", StringComparison.Ordinal)));
    }

    internal static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.RealChannels, name + ".json")))!.AsObject();

    private static JsonObject RtmpBody()
    {
        var body = Fixture("jonnycoder1-rtmp-youtube-facebook");
        body.Remove("channelClass");
        return body;
    }
}
