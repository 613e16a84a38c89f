using Lunora.Worker.Commands;

namespace Lunora.Worker.Tests.Commands;

public class CommandParserTests
{
    private const string Channel = "1234567";

    public static TheoryData<string, CommandType> ValidBodies => new()
    {
        { """{"schema_version":1,"command_id":"c-1","type":"start-destination","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt"}""", CommandType.StartDestination },
        { """{"schema_version":1,"command_id":"c-1","type":"stop-destination","issued_at":"2026-01-31T18:00:00+01:00","destination_id":"yt"}""", CommandType.StopDestination },
        { """{"schema_version":1,"command_id":"c-1","type":"stop-all","issued_at":"2026-01-31T18:00:00.123Z","channel_id":"1234567"}""", CommandType.StopAll },
        { """{"schema_version":1,"command_id":"c-1","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"rtmp://b.rtmp.youtube.com/live2","backup_stream_key_param":"/lunora/keys/yt-backup"}""", CommandType.SetBackup },
        { """{"schema_version":1,"command_id":"c-1","type":"failover","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt"}""", CommandType.Failover },
        { """{"schema_version":1,"command_id":"c-1","type":"failback","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt"}""", CommandType.Failback },
        { """{"schema_version":1,"command_id":"c-1","type":"auto-failover","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt"}""", CommandType.AutoFailover },
        { """{"schema_version":1,"command_id":"c-1","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandType.ReconcileNow },
        { """{"schema_version":1,"command_id":"c-1","type":"pause-reconcile","issued_at":"2026-01-31T18:00:00Z"}""", CommandType.PauseReconcile },
        { """{"schema_version":1,"command_id":"c-1","type":"resume-reconcile","issued_at":"2026-01-31T18:00:00Z"}""", CommandType.ResumeReconcile },
    };

    public static TheoryData<string?, CommandRejection, string> InvalidBodies => new()
    {
        { null, CommandRejection.NotJson, "empty" },
        { "start yt please", CommandRejection.NotJson, "not JSON" },
        { "[1,2]", CommandRejection.NotJson, "not a JSON object" },
        { """{"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.MissingField, "schema_version is missing" },
        { """{"schema_version":"1","command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.InvalidField, "schema_version must be an integer" },
        { """{"schema_version":2,"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.UnsupportedSchemaVersion, "schema_version 2 is not supported" },
        { """{"schema_version":1,"type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.MissingField, "command_id is missing" },
        { """{"schema_version":1,"command_id":"has space","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.InvalidField, "command_id must be" },
        { """{"schema_version":1,"command_id":"c","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.MissingField, "type is missing" },
        { """{"schema_version":1,"command_id":"c","type":"explode","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.UnknownType, "unknown type (expected one of" },
        { """{"schema_version":1,"command_id":"c","type":"reconcile-now"}""", CommandRejection.MissingField, "issued_at is missing" },
        { """{"schema_version":1,"command_id":"c","type":"reconcile-now","issued_at":"yesterday"}""", CommandRejection.InvalidField, "issued_at must be an ISO 8601" },
        { """{"schema_version":1,"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00"}""", CommandRejection.InvalidField, "issued_at must be an ISO 8601" },
        { """{"schema_version":1,"command_id":"c","type":"start-destination","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.MissingField, "destination_id is missing" },
        { """{"schema_version":1,"command_id":"c","type":"start-destination","issued_at":"2026-01-31T18:00:00Z","destination_id":7}""", CommandRejection.InvalidField, "destination_id must be a string" },
        { """{"schema_version":1,"command_id":"c","type":"stop-all","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt"}""", CommandRejection.InvalidField, "field 'destination_id' is not allowed in stop-all" },
        { """{"schema_version":1,"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z","channel_id":"other"}""", CommandRejection.UnknownChannel, "names a channel this worker does not manage" },
        { """{"schema_version":1,"command_id":"c","command_id":"d","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", CommandRejection.InvalidField, "appears more than once" },
        { """{"schema_version":1,"command_id":"c","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"https://b.example/live","backup_stream_key_param":"/k"}""", CommandRejection.BadUrl, "backup_rtmp_url must use rtmp:// or rtmps://" },
        { """{"schema_version":1,"command_id":"c","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"rtmp://b.example","backup_stream_key_param":"/k"}""", CommandRejection.BadUrl, "has no application path" },
        { """{"schema_version":1,"command_id":"c","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"rtmp://b.example/live"}""", CommandRejection.MissingField, "backup_stream_key_param is missing" },
    };

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public void Parse_ValidCommand_ReadsTypeAndDefaultsChannel(string body, CommandType expected)
    {
        var result = CommandParser.Parse(body, Channel);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(expected, result.Command.Type);
        Assert.Equal("c-1", result.Command.CommandId);
        Assert.Equal(Channel, result.Command.ChannelId);
        Assert.Equal(expected.TargetsDestination() ? "yt" : null, result.Command.DestinationId);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Parse_InvalidMessage_RejectsWithReason(string? body, CommandRejection rejection, string reasonPart)
    {
        var result = CommandParser.Parse(body, Channel);

        Assert.False(result.IsValid);
        Assert.Equal(rejection, result.Rejection);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnotherManagedChannel_Accepted()
    {
        const string body = """{"schema_version":1,"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z","channel_id":"6802366"}""";

        var result = CommandParser.Parse(body, Channel, [Channel, "6802366"]);

        Assert.Equal("6802366", result.Command!.ChannelId);
    }

    [Fact]
    public void Parse_SetBackup_KeepsUrlAndParameterName()
    {
        var result = CommandParser.Parse(
            """{"schema_version":1,"command_id":"c-9","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"rtmps://b.example:443/app","backup_stream_key_param":"/lunora/keys/yt-b"}""",
            Channel);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("rtmps://b.example:443/app", result.Command.BackupUrl);
        Assert.Equal("/lunora/keys/yt-b", result.Command.BackupKeyParameter);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 18, 0, 0, TimeSpan.Zero), result.Command.IssuedAt);
    }

    [Theory]
    [InlineData("backup_stream_key_param", "live_abcd-1234-efgh-5678")]
    [InlineData("stream_key", "live_abcd-1234-efgh-5678")]
    public void Parse_KeyValueInCommand_RejectedWithoutQuotingIt(string field, string key)
    {
        var body = $$"""{"schema_version":1,"command_id":"c","type":"set-backup","issued_at":"2026-01-31T18:00:00Z","destination_id":"yt","backup_rtmp_url":"rtmp://b.example/live","backup_stream_key_param":"/k","{{field}}":"{{key}}"}""";
        if (field == "backup_stream_key_param")
        {
            body = body.Replace("\"backup_stream_key_param\":\"/k\",", "", StringComparison.Ordinal);
        }

        var result = CommandParser.Parse(body, Channel);

        Assert.False(result.IsValid);
        Assert.DoesNotContain(key, result.Reason, StringComparison.Ordinal);
        Assert.Equal("c", result.CommandId);
        Assert.Equal("set-backup", result.TypeName);
    }

    [Fact]
    public void Parse_NoChannelAnywhere_Rejected()
    {
        var result = CommandParser.Parse(
            """{"schema_version":1,"command_id":"c","type":"reconcile-now","issued_at":"2026-01-31T18:00:00Z"}""", configuredChannelId: null);

        Assert.Equal(CommandRejection.MissingField, result.Rejection);
    }
}
