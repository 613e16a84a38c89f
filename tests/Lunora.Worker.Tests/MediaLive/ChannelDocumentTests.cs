using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.Contract;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class ChannelDocumentTests
{
    [Theory]
    [InlineData("CREATING", ChannelState.Creating)]
    [InlineData("CREATE_FAILED", ChannelState.CreateFailed)]
    [InlineData("IDLE", ChannelState.Idle)]
    [InlineData("STARTING", ChannelState.Starting)]
    [InlineData("RUNNING", ChannelState.Running)]
    [InlineData("RECOVERING", ChannelState.Recovering)]
    [InlineData("STOPPING", ChannelState.Stopping)]
    [InlineData("DELETING", ChannelState.Deleting)]
    [InlineData("DELETED", ChannelState.Deleted)]
    [InlineData("UPDATING", ChannelState.Updating)]
    [InlineData("UPDATE_FAILED", ChannelState.UpdateFailed)]
    public void ParseState_EveryModelState_Mapped(string wire, ChannelState expected) =>
        Assert.Equal(expected, ChannelDocument.ParseState(wire));

    [Fact]
    public void ParseState_EveryModelEnumValue_IsCovered()
    {
        var values = ServiceModel.MediaLive.Shape("ChannelState")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

        Assert.Equal(Enum.GetValues<ChannelState>().Length, values.Count);
        Assert.All(values, v => ChannelDocument.ParseState(v));
    }

    [Fact]
    public void ParseState_Unknown_Throws() =>
        Assert.Throws<UnreadableChannelException>(() => ChannelDocument.ParseState("MELTING"));

    [Fact]
    public void ToObserved_RealisticChannel_HasNoManagedOutputsAndKnowsItsClass()
    {
        var observed = ChannelDocument.ToObserved(TestChannels.Realistic(), "ignored");

        Assert.Equal("3714710", observed.ChannelId);
        Assert.Equal(ChannelClass.Standard, observed.Class);
        Assert.Equal(ChannelState.Idle, observed.State);
        // "lunora-archive" carries the prefix but is an HLS group: not Lunora's.
        Assert.Empty(observed.ManagedOutputs);
    }

    [Fact]
    public void ToObserved_SinglePipelineWithoutClass_DefaultsToStandardOnlyWhenMissing()
    {
        var doc = TestChannels.Realistic();
        doc.Remove("channelClass");
        Assert.Equal(ChannelClass.Standard, ChannelDocument.ToObserved(doc, "x").Class);

        doc["channelClass"] = "SINGLE_PIPELINE";
        Assert.Equal(ChannelClass.SinglePipeline, ChannelDocument.ToObserved(doc, "x").Class);
    }

    [Fact]
    public void UnmanagedFingerprint_RuntimeMembersChange_Unchanged()
    {
        var before = TestChannels.Realistic();
        var after = TestChannels.Realistic();
        after["state"] = "RUNNING";
        after["pipelinesRunningCount"] = 2;
        after["pipelineDetails"] = new JsonArray(new JsonObject { ["pipelineId"] = "0" });
        after["egressEndpoints"] = new JsonArray();
        after["tags"] = new JsonObject { ["other"] = "tag" };
        after["maintenance"]!["maintenanceDeadline"] = "2030-01-01T00:00:00Z";

        Assert.Equal(ChannelDocument.UnmanagedFingerprint(before), ChannelDocument.UnmanagedFingerprint(after));
    }

    [Theory]
    [InlineData("roleArn")]
    [InlineData("logLevel")]
    [InlineData("inputAttachments")]
    [InlineData("name")]
    public void UnmanagedFingerprint_UnmanagedMemberChanges_Changes(string member)
    {
        var before = TestChannels.Realistic();
        var after = TestChannels.Realistic();
        after.Remove(member);

        Assert.NotEqual(ChannelDocument.UnmanagedFingerprint(before), ChannelDocument.UnmanagedFingerprint(after));
    }

    [Fact]
    public void UnmanagedFingerprint_UnmanagedGroupSettingChanges_Changes()
    {
        var after = TestChannels.Realistic();
        after["encoderSettings"]!["outputGroups"]![1]!["outputGroupSettings"]!["hlsGroupSettings"]!["segmentLength"] = 4;

        Assert.NotEqual(ChannelDocument.UnmanagedFingerprint(TestChannels.Realistic()), ChannelDocument.UnmanagedFingerprint(after));
    }

    [Fact]
    public void UnmanagedFingerprint_MemberOrder_DoesNotMatter()
    {
        var doc = TestChannels.Realistic();
        var reordered = new JsonObject();
        foreach (var (k, v) in doc.Reverse().ToList())
        {
            reordered[k] = v!.DeepClone();
        }

        Assert.Equal(ChannelDocument.UnmanagedFingerprint(doc), ChannelDocument.UnmanagedFingerprint(reordered));
    }

    [Fact]
    public void ToObserved_AfterPatch_ReadsManagedTargetsWithKeyFingerprints()
    {
        var doc = TestChannels.Realistic();
        var output = RoundTrip.Output("dest-a", 2, "rtmp://a.example/live");
        var patched = ChannelUpdateBuilder.Build(doc, [new ResolvedOutput(output, ["key-a0", "key-a1"])], ChannelDocument.UnmanagedFingerprint(doc));

        var observed = ChannelDocument.ToObserved(RoundTrip.AsDescribed(doc, patched), "3714710");

        var managed = Assert.Single(observed.ManagedOutputs);
        Assert.Equal(OutputNaming.GroupName("dest-a"), managed.GroupName);
        Assert.Equal(
            [new ObservedTarget("rtmp://a.example/live/0", StreamKeyFingerprint.Of("key-a0")), new ObservedTarget("rtmp://a.example/live/1", StreamKeyFingerprint.Of("key-a1"))],
            managed.Pipelines.ToArray());
        Assert.Equal(ChannelDocument.UnmanagedFingerprint(doc), observed.UnmanagedFingerprint);
    }

    [Fact]
    public void WithoutManaged_DestinationStillUsedByUnmanagedGroup_IsKept()
    {
        var doc = TestChannels.Realistic();
        var shared = OutputNaming.GroupName("x");
        doc["destinations"]!.AsArray().Add(new JsonObject { ["id"] = shared, ["settings"] = new JsonArray(new JsonObject { ["url"] = "s3ssl://b/c" }) });
        doc["encoderSettings"]!["outputGroups"]![1]!["outputGroupSettings"]!["hlsGroupSettings"]!["destination"]!["destinationRefId"] = shared;

        var stripped = ChannelDocument.WithoutManaged(doc);

        Assert.Contains(stripped["destinations"]!.AsArray(), d => d!["id"]!.GetValue<string>() == shared);
    }

    [Fact]
    public void ToUpdateProjection_DescribeOnlyMembers_Dropped()
    {
        var projection = ChannelDocument.ToUpdateProjection(TestChannels.Realistic());

        foreach (var forbidden in new[] { "arn", "id", "state", "channelClass", "tags", "pipelineDetails", "pipelinesRunningCount", "egressEndpoints" })
        {
            Assert.False(projection.ContainsKey(forbidden), forbidden);
        }

        Assert.False(projection["maintenance"]!.AsObject().ContainsKey("maintenanceDeadline"));
        Assert.False(projection["channelEngineVersion"]!.AsObject().ContainsKey("expirationDate"));
        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", projection));
    }

    internal static ImmutableArray<string> Keys(int n, string prefix) => [.. Enumerable.Range(0, n).Select(i => $"{prefix}{i}")];
}
