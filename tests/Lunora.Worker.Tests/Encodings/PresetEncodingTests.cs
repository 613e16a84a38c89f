using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Worker.Encodings;
using Lunora.Worker.Tests.Contract;

namespace Lunora.Worker.Tests.Encodings;

public sealed class PresetEncodingTests
{
    public static TheoryData<string, object> H264Settings() => new()
    {
        { "rateControlMode", "CBR" },
        { "bitrate", 6_000_000 },
        { "bufSize", 12_000_000 },
        { "gopSizeUnits", "SECONDS" },
        { "gopSize", 2.0 },
        { "gopClosedCadence", 1 },
        { "gopBReference", "ENABLED" },
        { "gopNumBFrames", 3 },
        { "profile", "HIGH" },
        { "level", "H264_LEVEL_AUTO" },
        { "entropyEncoding", "CABAC" },
        { "framerateControl", "INITIALIZE_FROM_SOURCE" },
        { "sceneChangeDetect", "ENABLED" },
        { "adaptiveQuantization", "HIGH" },
        { "lookAheadRateControl", "HIGH" },
        { "scanType", "PROGRESSIVE" },
    };

    [Theory]
    [MemberData(nameof(H264Settings))]
    public void Video_Preset_SetsQualitySetting(string member, object expected)
    {
        var h264 = PresetEncoding.Video(Presets.P1080)["codecSettings"]!["h264Settings"]!;

        Assert.Equal(JsonSerializer.Serialize(expected), h264[member]?.ToJsonString());
    }

    [Fact]
    public void Video_Preset_NamedAfterPresetWithItsResolutionAndNoFrameRateConversion()
    {
        var video = PresetEncoding.Video(Presets.P720);

        Assert.Equal("lunora-v-720p30", video["name"]!.GetValue<string>());
        Assert.Equal(1280, video["width"]!.GetValue<int>());
        Assert.Equal(720, video["height"]!.GetValue<int>());
        var h264 = video["codecSettings"]!["h264Settings"]!.AsObject();
        Assert.False(h264.ContainsKey("framerateNumerator"));
        Assert.False(h264.ContainsKey("framerateDenominator"));
    }

    [Fact]
    public void VideoAndAudio_Preset_ValidateAgainstTheServiceModel()
    {
        Assert.Empty(ShapeValidator.ValidateShape(ServiceModel.MediaLive, "VideoDescription", PresetEncoding.Video(Presets.P1080)));
        Assert.Empty(ShapeValidator.ValidateShape(ServiceModel.MediaLive, "AudioDescription", PresetEncoding.Audio(Presets.P1080, "audio-1")));
    }

    [Fact]
    public void Audio_Preset_AacStereoAt48kHzAtThePresetBitrate()
    {
        var audio = PresetEncoding.Audio(Presets.P1080, "audio-1");

        var aac = audio["codecSettings"]!["aacSettings"]!;
        Assert.Equal("lunora-a-1080p30", audio["name"]!.GetValue<string>());
        Assert.Equal("audio-1", audio["audioSelectorName"]!.GetValue<string>());
        Assert.Equal(48_000, Number(aac["sampleRate"]));
        Assert.Equal("CODING_MODE_2_0", aac["codingMode"]!.GetValue<string>());
        Assert.Equal(160_000, Number(aac["bitrate"]));
        Assert.Equal("LC", aac["profile"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, 128_000)]
    [InlineData(128_000, 128_000)]
    [InlineData(150_000, 160_000)]
    [InlineData(1_000_000, 320_000)]
    public void AudioBitrate_Requested_SnapsToAnAacRate(int? requested, int expected) =>
        Assert.Equal(expected, PresetEncoding.AudioBitrate(requested));

    [Fact]
    public void Video_BaselineProfile_NoBFrames()
    {
        var h264 = PresetEncoding.Video(Presets.P720 with { Profile = "baseline" })["codecSettings"]!["h264Settings"]!;

        Assert.Equal("BASELINE", h264["profile"]!.GetValue<string>());
        Assert.Equal(0, h264["gopNumBFrames"]!.GetValue<int>());
        Assert.Equal("DISABLED", h264["gopBReference"]!.GetValue<string>());
        Assert.Equal("CAVLC", h264["entropyEncoding"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("main", "MAIN")]
    [InlineData("High", "HIGH")]
    [InlineData(null, "HIGH")]
    [InlineData("high10", "HIGH")]
    public void Profile_Stored_MapsToH264Profile(string? stored, string expected) =>
        Assert.Equal(expected, PresetEncoding.Profile(stored));

    [Fact]
    public void IsUsable_MissingBitrateOrResolutionOrUnsafeId_False()
    {
        Assert.True(PresetEncoding.IsUsable(Presets.P720));
        Assert.False(PresetEncoding.IsUsable(Presets.P720 with { VideoBitrate = null }));
        Assert.False(PresetEncoding.IsUsable(Presets.P720 with { Width = null }));
        Assert.False(PresetEncoding.IsUsable(Presets.P720 with { Id = "720p 30/fps" }));
        Assert.False(PresetEncoding.IsUsable(null));
        Assert.Throws<ArgumentException>(() => PresetEncoding.Video(Presets.P720 with { Height = null }));
    }

    [Theory]
    [InlineData("lunora-v-720p30", "720p30")]
    [InlineData("lunora-a-720p30", null)]
    [InlineData("video-1080p", null)]
    [InlineData("lunora-vertical", null)]
    [InlineData(null, null)]
    public void PresetOfVideo_Name_ReadsBackThePreset(string? name, string? expected) =>
        Assert.Equal(expected, PresetEncoding.PresetOfVideo(name));

    private static double Number(JsonNode? node) => double.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);
}
