using Lunora.Worker.Events;

namespace Lunora.Worker.Tests.Events;

public class MediaLiveEventParserTests
{
    [Fact]
    public void Parse_AlertEvent_ReadsDetail()
    {
        var (alert, change, skipped) = MediaLiveEventParser.Parse(SampleEvents.Alert("123456", "SET", "1"));

        Assert.Null(skipped);
        Assert.Null(change);
        Assert.NotNull(alert);
        Assert.Equal("123456", alert.ChannelId);
        Assert.Equal(AlarmState.Set, alert.AlarmState);
        Assert.Equal(1, alert.Pipeline);
        Assert.Equal("RTMP Stream Not Found", alert.AlertType);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 18, 14, 25, TimeSpan.Zero), alert.Time);
    }

    [Fact]
    public void Parse_StateChange_ReadsStateAndRunningCount()
    {
        var (_, change, _) = MediaLiveEventParser.Parse(SampleEvents.StateChange("123456", "RUNNING"));

        Assert.NotNull(change);
        Assert.Equal("RUNNING", change.State);
        Assert.Equal(2, change.PipelinesRunningCount);
    }

    [Theory]
    [InlineData("nope", "not JSON")]
    [InlineData("""{"source":"aws.s3","detail-type":"x","detail":{}}""", "not a MediaLive event")]
    [InlineData("""{"source":"aws.medialive","detail-type":"MediaLive Channel Alert","detail":{"alarm_state":"SET"}}""", "no channel ARN")]
    [InlineData("""{"source":"aws.medialive","detail-type":"MediaLive Channel Alert","detail":{"alarm_state":"MAYBE","channel_arn":"arn:aws:medialive:us-west-2:1:channel:9"}}""", "alarm_state is neither SET nor CLEARED")]
    public void Parse_Malformed_SkippedWithReason(string body, string reason)
    {
        var (alert, change, skipped) = MediaLiveEventParser.Parse(body);

        Assert.Null(alert);
        Assert.Null(change);
        Assert.Equal(reason, skipped);
    }
}
