namespace Lunora.Worker.Tests.Events;

internal static class SampleEvents
{
    public static string Alert(string channelId, string alarmState, string pipeline) => $$"""
        { "version": "0", "id": "154769fb-0001", "detail-type": "MediaLive Channel Alert", "source": "aws.medialive",
          "account": "111122223333", "time": "2026-03-08T18:14:25Z", "region": "us-west-2",
          "resources": ["arn:aws:medialive:us-west-2:111122223333:channel:{{channelId}}"],
          "detail": { "alarm_state": "{{alarmState}}", "alarm_id": "7ad616bd3898", "alert_type": "RTMP Stream Not Found",
                      "pipeline": "{{pipeline}}", "channel_arn": "arn:aws:medialive:us-west-2:111122223333:channel:{{channelId}}",
                      "message": "Connection to rtmp://a.rtmp.youtube.com/live2 failed" } }
        """;

    public static string StateChange(string channelId, string state) => $$"""
        { "version": "0", "id": "2", "detail-type": "MediaLive Channel State Change", "source": "aws.medialive",
          "account": "111122223333", "time": "2026-03-08T18:14:25Z", "region": "us-west-2",
          "resources": ["arn:aws:medialive:us-west-2:111122223333:channel:{{channelId}}"],
          "detail": { "channel_arn": "arn:aws:medialive:us-west-2:111122223333:channel:{{channelId}}", "state": "{{state}}",
                      "message": "Channel is running", "pipelines_running_count": 2 } }
        """;
}
