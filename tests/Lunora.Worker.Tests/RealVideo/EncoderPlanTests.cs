using System.Text.Json.Nodes;
using Lunora.Emulator.RealVideo;

namespace Lunora.Worker.Tests.RealVideo;

public sealed class EncoderPlanTests
{
    private static readonly RealVideoOptions Options = new() { HlsFolder = "/tmp/hls" };

    [Fact]
    public void From_RtmpGroupOnStandardChannel_OneTargetPerPipelineAndNoStreamNameInArguments()
    {
        var plan = EncoderPlan.From(Channel(VideoPreset.P720), Options);

        Assert.Equal(2, plan.Targets.Count);
        Assert.Equal(("rtmp://127.0.0.1:1/primary", "key-one-SECRET", 0), (plan.Targets[0].Url, plan.Targets[0].StreamName, plan.Targets[0].Pipeline));
        Assert.Equal(("rtmp://127.0.0.1:2/backup", "key-two-SECRET", 1), (plan.Targets[1].Url, plan.Targets[1].StreamName, plan.Targets[1].Pipeline));
        Assert.Equal(TimeSpan.FromSeconds(1), plan.Targets[0].ConnectionRetryInterval);
        Assert.DoesNotContain(plan.Arguments, a => a.Contains("SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", plan.Targets[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(["-f", "flv", "pipe:1"], plan.Arguments.TakeLast(3));
    }

    [Fact]
    public void From_SinglePipelineChannel_OnlyPipelineZero()
    {
        var plan = EncoderPlan.From(Channel(VideoPreset.P720) with { ChannelClass = "SINGLE_PIPELINE" }, Options);

        Assert.Equal([0], plan.Targets.Select(t => t.Pipeline));
    }

    [Fact]
    public void From_CbrPreset_MapsToX264CbrWithSecondsGopClosedAndBFrames()
    {
        var args = string.Join(' ', EncoderPlan.From(Channel(VideoPreset.P1080), Options).Arguments);

        Assert.Contains("-c:v libx264 -preset veryfast", args, StringComparison.Ordinal);
        Assert.Contains("-vf scale=1920:1080", args, StringComparison.Ordinal);
        Assert.Contains("-b:v 6000000 -minrate 6000000 -maxrate 6000000 -bufsize 12000000", args, StringComparison.Ordinal);
        Assert.Contains("-fps_mode passthrough", args, StringComparison.Ordinal);
        Assert.Contains("-force_key_frames expr:if(isnan(prev_forced_t),1,gte(t-prev_forced_t,2))", args, StringComparison.Ordinal);
        Assert.Contains("-flags:v +global_header+cgop", args, StringComparison.Ordinal);
        Assert.Contains("-bf 3", args, StringComparison.Ordinal);
        Assert.Contains("-profile:v high", args, StringComparison.Ordinal);
        Assert.Contains("-x264-params nal-hrd=cbr:rc-lookahead=20", args, StringComparison.Ordinal);
        Assert.Contains("-c:a aac -b:a 160000 -ar 48000 -ac 2", args, StringComparison.Ordinal);
    }

    [Fact]
    public void VideoArguments_SpecifiedFramerateFramesGopQvbr_MapsEach()
    {
        var video = JsonNode.Parse("""
            {"name":"v","codecSettings":{"h264Settings":{"rateControlMode":"QVBR","qvbrQualityLevel":8,"maxBitrate":5000000,
             "framerateControl":"SPECIFIED","framerateNumerator":30000,"framerateDenominator":1001,"gopSize":60,"gopSizeUnits":"FRAMES",
             "sceneChangeDetect":"DISABLED","adaptiveQuantization":"OFF","entropyEncoding":"CAVLC","level":"H264_LEVEL_4_1","profile":"MAIN"}}}
            """)!.AsObject();

        var args = string.Join(' ', EncoderPlan.VideoArguments(video, "veryfast"));

        Assert.Contains("-crf 25 -maxrate 5000000 -bufsize 10000000", args, StringComparison.Ordinal);
        Assert.Contains("-r 30000/1001", args, StringComparison.Ordinal);
        Assert.Contains("-g 60", args, StringComparison.Ordinal);
        Assert.DoesNotContain("force_key_frames", args, StringComparison.Ordinal);
        Assert.Contains("-sc_threshold 0", args, StringComparison.Ordinal);
        Assert.Contains("aq-mode=0", args, StringComparison.Ordinal);
        Assert.Contains("-coder 0", args, StringComparison.Ordinal);
        Assert.Contains("-level:v 4.1", args, StringComparison.Ordinal);
        Assert.Contains("-profile:v main", args, StringComparison.Ordinal);
        Assert.Contains("-flags:v +global_header ", args, StringComparison.Ordinal);
    }

    [Fact]
    public void From_HlsGroupWithFolder_TeesFlvAndHlsIntoChannelFolder()
    {
        var channel = Channel(VideoPreset.P480);
        var groups = (JsonArray)channel.Config["encoderSettings"]!["outputGroups"]!;
        groups.Add(JsonNode.Parse("""{"name":"hls","outputGroupSettings":{"hlsGroupSettings":{"destination":{"destinationRefId":"x"},"segmentLength":4}},"outputs":[]}"""));

        var plan = EncoderPlan.From(channel, Options);

        Assert.Equal(Path.Combine("/tmp/hls", "42", "hls", "index.m3u8"), plan.Hls.Single().Playlist);
        Assert.Equal("[f=flv]pipe:1|[f=hls:hls_time=4:hls_list_size=0:onfail=ignore]/tmp/hls/42/hls/index.m3u8", plan.Arguments[^1]);
    }

    [Fact]
    public void From_NoInputUrl_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => EncoderPlan.From(Channel(VideoPreset.P480) with { InputUrl = null }, Options));
    }

    private static ChannelSnapshot Channel(VideoPreset preset)
    {
        var body = RealVideoFixture.ChannelBody(preset, "g", ("rtmp://127.0.0.1:1/primary", "key-one-SECRET"), ("rtmp://127.0.0.1:2/backup", "key-two-SECRET"));
        return new ChannelSnapshot("42", "STANDARD", DateTimeOffset.UnixEpoch, body, "rtmp://127.0.0.1:3/live/obs");
    }
}
