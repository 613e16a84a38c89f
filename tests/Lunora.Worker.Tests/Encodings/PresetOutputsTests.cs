using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.Contract;
using Lunora.Worker.Tests.MediaLive;

namespace Lunora.Worker.Tests.Encodings;

/// <summary>Presets through the channel adapter: the UpdateChannel body, what is observed back, and the plan after it.</summary>
public sealed class PresetOutputsTests
{
    private const string Key = "sk-yt";

    [Fact]
    public void Build_TwoDestinationsShareAPreset_OneEncodeReferencedByBoth()
    {
        var doc = TestChannels.Realistic();

        var body = ChannelUpdateBuilder.Build(
            doc,
            RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt", "1080p30"), RoundTrip.Output("tw", 2, "rtmp://tw", "1080p30"), RoundTrip.Output("fb", 2, "rtmp://fb", "720p30")),
            ChannelDocument.UnmanagedFingerprint(doc),
            Presets.ById(Presets.P1080, Presets.P720));

        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", body));
        var videos = Names(body, "videoDescriptions");
        Assert.Equal(["video-1080p", "video-720p", "lunora-vertical", "lunora-v-1080p30", "lunora-v-720p30"], videos);
        Assert.Equal(["audio-aac-128", "audio-aac-96", "lunora-a-1080p30", "lunora-a-720p30"], Names(body, "audioDescriptions"));
        var uses = ManagedOutputs(body).ToDictionary(o => o["outputName"]!.GetValue<string>(), o => o["videoDescriptionName"]!.GetValue<string>());
        Assert.Equal("lunora-v-1080p30", uses[OutputNaming.GroupName("yt")]);
        Assert.Equal("lunora-v-1080p30", uses[OutputNaming.GroupName("tw")]);
        Assert.Equal("lunora-v-720p30", uses[OutputNaming.GroupName("fb")]);
        Assert.All(ManagedOutputs(body), o => Assert.StartsWith("lunora-a-", o["audioDescriptionNames"]![0]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("audio-1", Description(body, "audioDescriptions", "lunora-a-720p30")["audioSelectorName"]!.GetValue<string>());
    }

    [Fact]
    public void Build_AddThenRemovePresetOutputs_DescriptionsGoWithThemAndTheFingerprintHolds()
    {
        var doc = TestChannels.Realistic();
        var fingerprint = ChannelDocument.UnmanagedFingerprint(doc);
        var presets = Presets.ById(Presets.P1080);

        var added = RoundTrip.AsDescribed(doc, ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt", "1080p30")), fingerprint, presets));
        Assert.Equal(fingerprint, ChannelDocument.UnmanagedFingerprint(added));
        Assert.Equal("1080p30", Assert.Single(ChannelDocument.ToObserved(added, "3714710").ManagedOutputs).PresetId);

        var removed = ChannelUpdateBuilder.Build(added, [], fingerprint, presets);

        Assert.True(JsonNode.DeepEquals(doc["encoderSettings"], removed["encoderSettings"]), "the channel's encoder settings are back as they were read");
    }

    [Fact]
    public void Build_UnknownOrUnusablePreset_UsesTheChannelsFirstDescriptions()
    {
        var doc = TestChannels.Realistic();

        var body = ChannelUpdateBuilder.Build(
            doc,
            RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt", "nope"), RoundTrip.Output("tw", 2, "rtmp://tw", "broken")),
            ChannelDocument.UnmanagedFingerprint(doc),
            Presets.ById(Presets.P720 with { Id = "broken", VideoBitrate = null }));

        Assert.All(ManagedOutputs(body), o => Assert.Equal("video-1080p", o["videoDescriptionName"]!.GetValue<string>()));
        Assert.All(ManagedOutputs(body), o => Assert.Equal("audio-aac-128", o["audioDescriptionNames"]![0]!.GetValue<string>()));
        Assert.DoesNotContain(Names(body, "videoDescriptions"), n => n.StartsWith("lunora-v-", StringComparison.Ordinal));
        Assert.All(ChannelDocument.ToObserved(RoundTrip.AsDescribed(doc, body), "3714710").ManagedOutputs, o => Assert.Null(o.PresetId));
    }

    [Fact]
    public void Build_UnmanagedOutputUsesADescriptionInLunorasNamespace_KeptAndNeverOverwritten()
    {
        var doc = TestChannels.Realistic();
        var theirs = PresetEncodingOf(doc, "video-720p", "lunora-v-720p30");
        doc["encoderSettings"]!["videoDescriptions"]!.AsArray().Add(theirs);
        doc["encoderSettings"]!["outputGroups"]![1]!["outputs"]![0]!["videoDescriptionName"] = "lunora-v-720p30";
        var fingerprint = ChannelDocument.UnmanagedFingerprint(doc);

        var kept = ChannelUpdateBuilder.Build(doc, [], fingerprint);
        Assert.Contains("lunora-v-720p30", Names(kept, "videoDescriptions"));

        var e = Assert.Throws<InvalidOperationException>(() =>
            ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt", "720p30")), fingerprint, Presets.ById(Presets.P720)));
        Assert.Contains("lunora-v-720p30", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagedOutputs_LunoraPresetEncode_ObservedPresetIsFilled()
    {
        var doc = TestChannels.Realistic();
        var body = ChannelUpdateBuilder.Build(
            doc,
            RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt", "720p30"), RoundTrip.Output("tw", 2, "rtmp://tw")),
            ChannelDocument.UnmanagedFingerprint(doc),
            Presets.ById(Presets.P720));

        var observed = ChannelDocument.ManagedOutputs(body).ToDictionary(o => o.GroupName);

        Assert.Equal("720p30", observed[OutputNaming.GroupName("yt")].PresetId);
        Assert.Null(observed[OutputNaming.GroupName("tw")].PresetId);
    }

    [Fact]
    public void Plan_PresetChanged_UpdatesOnceThenConverges()
    {
        var doc = TestChannels.Realistic();
        var presets = Presets.ById(Presets.P1080, Presets.P720);
        var destination = new DestinationSpec
        {
            Id = "yt",
            Platform = Platform.YouTube,
            Primary = new EndpointSpec("rtmp://yt/live", "/lunora/keys/yt", StreamKeyFingerprint.Of(Key)),
            DesiredState = DesiredState.Streaming,
            PresetId = "1080p30",
        };

        var afterFirst = Apply(doc, Plan(doc, destination), presets);
        Assert.Empty(Plan(afterFirst, destination).OfType<UpdateOutputs>());

        var changed = destination with { PresetId = "720p30" };
        var update = Assert.Single(Plan(afterFirst, changed).OfType<UpdateOutputs>());
        Assert.Equal("720p30", Assert.Single(update.Outputs).PresetId);

        var afterChange = Apply(afterFirst, Plan(afterFirst, changed), presets);
        Assert.Empty(Plan(afterChange, changed).OfType<UpdateOutputs>());
        Assert.Equal(["lunora-v-720p30"], Names(afterChange, "videoDescriptions").Where(n => n.StartsWith("lunora-v-", StringComparison.Ordinal)));
    }

    private static ReconcilePlan Plan(JsonObject doc, DestinationSpec destination) => Planner.Plan(
        new DesiredChannel("3714710", [destination]),
        ChannelDocument.ToObserved(doc, "3714710"),
        HealthSnapshot.Empty,
        ReconcilePolicy.Default,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static JsonObject Apply(JsonObject doc, ReconcilePlan plan, Dictionary<string, EncodingPreset> presets)
    {
        var update = Assert.Single(plan.OfType<UpdateOutputs>());
        ImmutableArray<ResolvedOutput> resolved = [.. update.Outputs.Select(o => new ResolvedOutput(o, [.. o.Pipelines.Select(_ => Key)]))];
        var body = ChannelUpdateBuilder.Build(doc, resolved, update.ExpectedUnmanagedFingerprint, presets);
        Assert.Empty(ShapeValidator.ValidateInput(ServiceModel.MediaLive, "UpdateChannel", body));
        return RoundTrip.AsDescribed(doc, body);
    }

    private static JsonObject PresetEncodingOf(JsonObject doc, string from, string name)
    {
        var copy = Description(doc, "videoDescriptions", from).DeepClone().AsObject();
        copy["name"] = name;
        return copy;
    }

    private static JsonObject Description(JsonObject body, string member, string name) =>
        body["encoderSettings"]![member]!.AsArray().OfType<JsonObject>().Single(d => d["name"]!.GetValue<string>() == name);

    private static List<string> Names(JsonObject body, string member) =>
        [.. body["encoderSettings"]![member]!.AsArray().Select(d => d!["name"]!.GetValue<string>())];

    private static IEnumerable<JsonObject> ManagedOutputs(JsonObject body) =>
        body["encoderSettings"]!["outputGroups"]!.AsArray().OfType<JsonObject>()
            .Where(ChannelDocument.IsManagedGroup)
            .SelectMany(g => g["outputs"]!.AsArray().OfType<JsonObject>());
}
