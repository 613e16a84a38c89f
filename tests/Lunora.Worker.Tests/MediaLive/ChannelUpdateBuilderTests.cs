using System.Text.Json.Nodes;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Tests.Contract;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class ChannelUpdateBuilderTests
{
    public static TheoryData<string> Fixtures() => TestChannels.FixtureFiles();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Build_RealFixtureAddThenRemoveTwoOutputs_EverythingUnmanagedRoundTrips(string fixture) =>
        AssertRoundTrip(TestChannels.Fixture(TestChannels.FixturePath(fixture)));

    [Fact]
    public void Build_RealisticChannelAddThenRemoveTwoOutputs_EverythingUnmanagedRoundTrips() =>
        AssertRoundTrip(TestChannels.Realistic());

    [Fact]
    public void Build_SinglePipelineRealisticChannel_OneSettingPerDestination()
    {
        var doc = TestChannels.Realistic();
        doc["channelClass"] = "SINGLE_PIPELINE";

        var body = ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 1, "rtmp://a.rtmp.youtube.com/live2")), ChannelDocument.UnmanagedFingerprint(doc));

        var destination = body["destinations"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == OutputNaming.GroupName("yt"))!;
        Assert.Single(destination["settings"]!.AsArray());
        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", body));
    }

    [Fact]
    public void Build_ManagedGroup_HasOneRtmpOutputNamedAfterDestinationWithSaneSettings()
    {
        var doc = TestChannels.Realistic();
        var output = RoundTrip.Output("yt", 2, "rtmp://a.rtmp.youtube.com/live2");

        var body = ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(output), ChannelDocument.UnmanagedFingerprint(doc));

        var group = body["encoderSettings"]!["outputGroups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == output.GroupName)!;
        var rtmpGroup = group["outputGroupSettings"]!["rtmpGroupSettings"]!;
        Assert.True(rtmpGroup["cacheLength"]!.GetValue<int>() >= 30);
        Assert.Equal("EMIT_OUTPUT", rtmpGroup["inputLossAction"]!.GetValue<string>());
        var o = Assert.Single(group["outputs"]!.AsArray())!;
        Assert.Equal(output.GroupName, o["outputName"]!.GetValue<string>());
        Assert.Equal(output.GroupName, o["outputSettings"]!["rtmpOutputSettings"]!["destination"]!["destinationRefId"]!.GetValue<string>());
        Assert.Equal("video-1080p", o["videoDescriptionName"]!.GetValue<string>());
        Assert.Equal("audio-aac-128", o["audioDescriptionNames"]![0]!.GetValue<string>());
        var settings = body["destinations"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == output.GroupName)!["settings"]!.AsArray();
        Assert.Equal(["rtmp://a.rtmp.youtube.com/live2/0", "rtmp://a.rtmp.youtube.com/live2/1"], settings.Select(s => s!["url"]!.GetValue<string>()));
        Assert.Equal(["secret-yt-0", "secret-yt-1"], settings.Select(s => s!["streamName"]!.GetValue<string>()));
    }

    [Fact]
    public void Build_PresetDescriptionExists_UsesIt()
    {
        var doc = TestChannels.Realistic();

        var body = ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("tt", 2, "rtmp://tt", presetId: "vertical")), ChannelDocument.UnmanagedFingerprint(doc));

        var group = body["encoderSettings"]!["outputGroups"]!.AsArray().Last()!;
        Assert.Equal("lunora-vertical", group["outputs"]![0]!["videoDescriptionName"]!.GetValue<string>());
    }

    [Fact]
    public void Build_ExpectedFingerprintDiffers_RefusesWithoutLeakingKeys()
    {
        var doc = TestChannels.Realistic();

        var e = Assert.Throws<UnmanagedChangeException>(() => ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://x")), "um:stale"));

        Assert.DoesNotContain("secret-", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PipelineCountDiffersFromClass_Refuses()
    {
        var doc = TestChannels.Realistic();

        Assert.Throws<InvalidOperationException>(() =>
            ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 1, "rtmp://x")), ChannelDocument.UnmanagedFingerprint(doc)));
    }

    [Fact]
    public void Build_ReplacesExistingManagedGroups_NotAccumulates()
    {
        var doc = TestChannels.Realistic();
        var fp = ChannelDocument.UnmanagedFingerprint(doc);
        var first = RoundTrip.AsDescribed(doc, ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("a", 2, "rtmp://a"), RoundTrip.Output("b", 2, "rtmp://b")), fp));

        var second = ChannelUpdateBuilder.Build(first, RoundTrip.Resolve(RoundTrip.Output("b", 2, "rtmp://b2")), fp);

        var observed = ChannelDocument.ToObserved(RoundTrip.AsDescribed(first, second), "3714710");
        var only = Assert.Single(observed.ManagedOutputs);
        Assert.Equal(OutputNaming.GroupName("b"), only.GroupName);
        Assert.Equal("rtmp://b2/0", only.Pipelines[0].Url);
        Assert.DoesNotContain(second["destinations"]!.AsArray(), d => d!["id"]!.GetValue<string>() == OutputNaming.GroupName("a"));
    }

    private static void AssertRoundTrip(JsonObject described)
    {
        var original = described.DeepClone().AsObject();
        var fingerprint = ChannelDocument.UnmanagedFingerprint(described);
        var pipelines = ChannelDocument.ClassOf(described) == ChannelClass.Standard ? 2 : 1;
        var outputs = RoundTrip.Resolve(RoundTrip.Output("youtube-main", pipelines, "rtmp://a.rtmp.youtube.com/live2"), RoundTrip.Output("twitch", pipelines, "rtmp://live.twitch.tv/app"));

        var patched = ChannelUpdateBuilder.Build(described, outputs, fingerprint);
        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", patched));
        Assert.True(JsonNode.DeepEquals(original, described), "Build must not modify the document it read");
        var afterPatch = RoundTrip.AsDescribed(described, patched);
        var observed = ChannelDocument.ToObserved(afterPatch, "1234567");
        Assert.Equal(outputs.Select(o => o.Output.GroupName).Order(), observed.ManagedOutputs.Select(o => o.GroupName).Order());
        Assert.Equal(fingerprint, observed.UnmanagedFingerprint);

        var removed = ChannelUpdateBuilder.Build(afterPatch, [], fingerprint);
        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", removed));
        var expected = ChannelDocument.ToUpdateProjection(original);
        Assert.Equal(expected.Select(p => p.Key).Order(), removed.Select(p => p.Key).Order());
        foreach (var (member, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, removed[member]), $"member {member} changed");
            if (member is not ("maintenance" or "channelEngineVersion"))
            {
                // Exactly as read, not merely as projected.
                Assert.True(JsonNode.DeepEquals(original[member], removed[member]), $"member {member} differs from what was read");
            }
        }

        foreach (var forbidden in new[] { "arn", "id", "state", "channelClass", "tags", "pipelineDetails", "pipelinesRunningCount", "egressEndpoints" })
        {
            Assert.False(patched.ContainsKey(forbidden), forbidden);
        }
    }
}
