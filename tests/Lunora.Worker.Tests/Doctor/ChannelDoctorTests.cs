using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class ChannelDoctorTests
{
    [Fact]
    public void Examine_GoodChannel_NoFindings() =>
        Assert.Empty(ChannelDoctor.Examine(Input(Good())));

    [Fact]
    public void Examine_NetworkInAboveInputSpecification_InputBitrateWithTheNextClass()
    {
        var metrics = GoodMetrics();
        metrics = metrics.SetItem(1, metrics[1] with { NetworkIn = Series(9, 12.5, 8) });

        var finding = Assert.Single(ChannelDoctor.Examine(Input(Good(), metrics)));

        Assert.Equal("input-bitrate", finding.Rule);
        Assert.Equal("pipeline 1", finding.Subject);
        Assert.Contains("12.5 Mbit/s", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("MAX_20_MBPS", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_NoMaximumBitrateDeclared_MediaLiveDefaultOf20Applies()
    {
        var channel = Good();
        channel["inputSpecification"]!.AsObject().Remove("maximumBitrate");
        var metrics = GoodMetrics();

        Assert.Empty(ChannelDoctor.Examine(Input(channel, metrics.SetItem(0, metrics[0] with { NetworkIn = Series(15) }))));
        Assert.Single(ChannelDoctor.Examine(Input(channel, metrics.SetItem(0, metrics[0] with { NetworkIn = Series(21) }))));
    }

    [Fact]
    public void Examine_Specified30FpsWithA2997Source_FrameRateConversion()
    {
        var channel = Good();
        var h264 = H264(channel);
        h264["framerateControl"] = "SPECIFIED";
        h264["framerateNumerator"] = 30;
        h264["framerateDenominator"] = 1;
        var metrics = GoodMetrics();
        metrics = metrics.SetItem(0, metrics[0] with { InputVideoFrameRate = Series(29.97, 29.97) });

        var finding = Assert.Single(ChannelDoctor.Examine(Input(channel, metrics)));

        Assert.Equal("frame-rate-conversion", finding.Rule);
        Assert.Equal("video description video-1080p", finding.Subject);
        Assert.Contains("30 fps", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("29.97 fps", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("INITIALIZE_FROM_SOURCE", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_SpecifiedRateEqualToSource_Quiet()
    {
        var channel = Good();
        var h264 = H264(channel);
        h264["framerateControl"] = "SPECIFIED";
        h264["framerateNumerator"] = 30000;
        h264["framerateDenominator"] = 1001;
        var metrics = GoodMetrics();

        Assert.Empty(ChannelDoctor.Examine(Input(channel, [.. metrics.Select(m => m with { InputVideoFrameRate = Series(29.97) })])));
    }

    [Theory]
    [InlineData(3.0, "SECONDS", 2.0, true)]
    [InlineData(4.0, "SECONDS", 2.0, false)]
    [InlineData(1.0, "SECONDS", 2.0, true)]
    [InlineData(90.0, "FRAMES", 2.0, true)]
    [InlineData(60.0, "FRAMES", 2.0, false)]
    [InlineData(3.0, "SECONDS", 1.0, false)]
    public void Examine_GopAgainstSourceKeyframes_FlagsOnlyNonMultiples(double gop, string units, double keyframe, bool expected)
    {
        var channel = Good();
        H264(channel)["gopSize"] = gop;
        H264(channel)["gopSizeUnits"] = units;

        var findings = ChannelDoctor.Examine(Input(channel, options: DoctorOptions.Default with { SourceKeyframeSeconds = keyframe }));

        Assert.Equal(expected, findings.Any(f => f.Rule == "gop-cadence"));
        Assert.All(findings, f => Assert.Equal("gop-cadence", f.Rule));
    }

    [Theory]
    [InlineData("VBR")]
    [InlineData("QVBR")]
    public void Examine_VariableRateToRtmp_RateControl(string mode)
    {
        var channel = Good();
        H264(channel)["rateControlMode"] = mode;

        var finding = Assert.Single(ChannelDoctor.Examine(Input(channel)));

        Assert.Equal("rate-control", finding.Rule);
        Assert.Contains("youtube", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("CBR", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_VariableRateOnlyToHls_Quiet()
    {
        var channel = Good();
        H264(channel)["rateControlMode"] = "QVBR";
        channel["encoderSettings"]!["outputGroups"]![0]!["outputGroupSettings"] = new JsonObject { ["hlsGroupSettings"] = new JsonObject() };

        Assert.Empty(ChannelDoctor.Examine(Input(channel)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(6_000_000)]
    public void Examine_BufferMissingOrUnderTwiceTheBitrate_Buffer(int? bufSize)
    {
        var channel = Good();
        H264(channel)["bufSize"] = bufSize;
        if (bufSize is null)
        {
            H264(channel).Remove("bufSize");
        }

        var finding = Assert.Single(ChannelDoctor.Examine(Input(channel)));

        Assert.Equal("buffer", finding.Rule);
        Assert.Contains("12000000", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SD", 1280, 720, true)]
    [InlineData("HD", 3840, 2160, true)]
    [InlineData("HD", 1080, 1920, false)]
    [InlineData("UHD", 3840, 2160, false)]
    public void Examine_OutputAboveTheInputResolutionClass_Upscaling(string resolution, int width, int height, bool expected)
    {
        var channel = Good();
        channel["inputSpecification"]!["resolution"] = resolution;
        channel["encoderSettings"]!["videoDescriptions"]![0]!["width"] = width;
        channel["encoderSettings"]!["videoDescriptions"]![0]!["height"] = height;

        var findings = ChannelDoctor.Examine(Input(channel));

        Assert.Equal(expected, findings.Any(f => f.Rule == "upscaling"));
        Assert.All(findings, f => Assert.Equal("upscaling", f.Rule));
    }

    [Fact]
    public void Examine_SinglePipelineAndNoBackupAnywhere_Redundancy()
    {
        var channel = Good();
        channel["channelClass"] = "SINGLE_PIPELINE";
        var desired = new DesiredChannel("3714710", [new DestinationSpec { Id = "yt", Primary = new EndpointSpec("rtmp://a/live", "/k", "fp") }]);

        var finding = Assert.Single(ChannelDoctor.Examine(Input(channel, GoodMetrics(1), desired)));

        Assert.Equal("redundancy", finding.Rule);
        Assert.Contains("backup URL", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_SinglePipelineWithABackupUrl_Quiet()
    {
        var channel = Good();
        channel["channelClass"] = "SINGLE_PIPELINE";
        var desired = new DesiredChannel("3714710", [new DestinationSpec
        {
            Id = "yt",
            Primary = new EndpointSpec("rtmp://a/live", "/k", "fp"),
            Backup = new EndpointSpec("rtmp://b/live", "/k2", "fp2"),
        }]);

        Assert.Empty(ChannelDoctor.Examine(Input(channel, GoodMetrics(1), desired)));
    }

    [Fact]
    public void Examine_FillAndDroppedFrames_FindingsSayWhenTheyStarted()
    {
        var metrics = GoodMetrics();
        // Newest first: frames started being filled three minutes before T0, dropped two minutes before.
        metrics = metrics.SetItem(0, metrics[0] with { FillMsec = Series(0, 400, 1000, 250, 0, 0), DroppedFrames = Series(3, 5, 0, 0) });

        var findings = ChannelDoctor.Examine(Input(Good(), metrics));

        Assert.Equal(["fill-frames", "dropped-frames"], findings.Select(f => f.Rule));
        Assert.All(findings, f => Assert.Equal("pipeline 0", f.Subject));
        Assert.Contains("since 2026-03-01 19:57:00 UTC", findings[0].Problem, StringComparison.Ordinal);
        Assert.Contains("1000 ms", findings[0].Problem, StringComparison.Ordinal);
        Assert.Contains("8 frames dropped since 2026-03-01 19:59:00 UTC", findings[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_EveryProblemAtOnce_EveryRuleReports()
    {
        var channel = Good();
        channel["channelClass"] = "SINGLE_PIPELINE";
        channel["inputSpecification"]!["resolution"] = "SD";
        var h264 = H264(channel);
        h264["rateControlMode"] = "VBR";
        h264.Remove("bufSize");
        h264["framerateControl"] = "SPECIFIED";
        h264["framerateNumerator"] = 30;
        h264["framerateDenominator"] = 1;
        h264["gopSize"] = 2.5;
        var metrics = GoodMetrics(1);
        metrics = metrics.SetItem(0, new PipelineHistory(0, Series(100), Series(1), Series(29.97), Series(11)));

        var findings = ChannelDoctor.Examine(Input(channel, metrics, new DesiredChannel("3714710", [])));

        Assert.Equal(
            ["input-bitrate", "frame-rate-conversion", "gop-cadence", "rate-control", "buffer", "upscaling", "redundancy", "fill-frames", "dropped-frames"],
            findings.Select(f => f.Rule));
    }
}
