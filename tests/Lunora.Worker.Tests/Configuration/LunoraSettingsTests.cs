using Lunora.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace Lunora.Worker.Tests.Configuration;

public sealed class LunoraSettingsTests
{
    private static readonly Dictionary<string, string?> Complete = new(StringComparer.Ordinal)
    {
        ["MEDIALIVE_CHANNEL_ID"] = "3714710",
        ["MEDIALIVE_REGION"] = "us-west-2",
        ["PARAMETER_STORE_PREFIX"] = "/lunora/stream-keys",
        ["COMMANDS_QUEUE_URL"] = "https://sqs.us-west-2.amazonaws.com/123456789012/lunora-commands",
        ["EVENTS_QUEUE_URL"] = "https://sqs.us-west-2.amazonaws.com/123456789012/lunora-events",
    };

    [Fact]
    public void From_CompleteSettings_NoProblems()
    {
        Assert.Empty(From([]).Problems);
    }

    [Fact]
    public void From_NothingSet_EveryRequiredSettingNamed()
    {
        var problems = LunoraSettings.From(new ConfigurationBuilder().Build()).Problems;

        Assert.Contains(problems, p => p.StartsWith("MEDIALIVE_CHANNEL_ID is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MEDIALIVE_REGION (or AWS_REGION) is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("PARAMETER_STORE_PREFIX is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void From_LocalWithoutQueuesButKeysFile_NoProblems()
    {
        Assert.Empty(From(new()
        {
            ["COMMANDS_QUEUE_URL"] = null,
            ["EVENTS_QUEUE_URL"] = null,
            ["PARAMETER_STORE_PREFIX"] = null,
            ["STREAM_KEYS_FILE"] = "/tmp/keys.json",
        }).Problems);
    }

    [Fact]
    public void From_EcsWithoutQueues_BothQueuesRequired()
    {
        var problems = From(new() { ["ECS_CONTAINER_METADATA_URI_V4"] = "http://169.254.170.2/v4/x", ["COMMANDS_QUEUE_URL"] = null, ["EVENTS_QUEUE_URL"] = null }).Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("COMMANDS_QUEUE_URL is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EVENTS_QUEUE_URL is not set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PARAMETER_STORE_PREFIX", "lunora/stream-keys", "PARAMETER_STORE_PREFIX must start with '/'")]
    [InlineData("COMMANDS_QUEUE_URL", "lunora-commands", "COMMANDS_QUEUE_URL must be an http(s) queue URL")]
    [InlineData("EVENTS_QUEUE_URL", "arn:aws:sqs:us-west-2:123456789012:lunora-events", "EVENTS_QUEUE_URL must be an http(s) queue URL")]
    [InlineData("DESTINATIONS_TABLE", "bad table!", "DESTINATIONS_TABLE must be a DynamoDB table name")]
    [InlineData("AWS_ENDPOINT_URL_SQS", "127.0.0.1:9324", "AWS_ENDPOINT_URL_SQS must be an http(s) URL")]
    public void From_MalformedValue_NamedWithExample(string setting, string value, string expected)
    {
        var problem = Assert.Single(From(new() { [setting] = value }).Problems);

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NoChannelList_ManagesTheDefaultChannelAlone()
    {
        var channels = From([]).Channels;

        Assert.Equal(["3714710"], channels.ChannelIds);
        Assert.True(channels.Manages(null));
        Assert.False(channels.Manages("6802366"));
    }

    [Fact]
    public void From_ChannelList_ManagesEachDefaultFirst()
    {
        var channels = From(new() { ["LUNORA_CHANNEL_IDS"] = " 6802366, 3714710 ,," }).Channels;

        Assert.Equal(["3714710", "6802366"], channels.ChannelIds);
        Assert.True(channels.Manages("6802366"));
    }

    [Theory]
    [InlineData("6802366", "must include MEDIALIVE_CHANNEL_ID")]
    [InlineData("3714710,not a channel", "1 entry is not")]
    public void From_BadChannelList_OneProblemNamingTheRule(string value, string expected)
    {
        var problem = Assert.Single(From(new() { ["LUNORA_CHANNEL_IDS"] = value }).Problems);

        Assert.StartsWith("LUNORA_CHANNEL_IDS", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LUNORA_MEDIALIVE_RPS", "fast")]
    [InlineData("LUNORA_MEDIALIVE_BURST", "0")]
    [InlineData("LUNORA_INTENT_POLL_SECONDS", "-1")]
    [InlineData("LUNORA_PREFLIGHT", "of")]
    public void From_MalformedAreaSetting_InTheOneProblemsList(string setting, string value)
    {
        var problem = Assert.Single(From(new() { [setting] = value }).Problems);

        Assert.StartsWith(setting + " must be", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void From_AreaSettings_ParsedOnceIntoTheirRecords()
    {
        var settings = From(new()
        {
            ["LUNORA_MEDIALIVE_RPS"] = "5",
            ["LUNORA_INTENT_POLL_SECONDS"] = "2",
            ["LUNORA_COST_PER_HOUR"] = "2.5",
            ["DESTINATIONS_TABLE"] = "dest",
        });

        Assert.Equal(5, settings.MediaLiveRateLimit.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.State.WatchInterval);
        Assert.Equal(2.5m, settings.State.CostPerChannelHourUsd);
        Assert.Equal("dest", settings.State.DestinationsTable);
        Assert.Equal("3714710", settings.State.DefaultChannelId);
    }

    [Fact]
    public void From_ClientTelemetryAndPreflightSettings_ParsedOnceIntoTheirRecords()
    {
        var settings = From(new()
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_SQS"] = " http://127.0.0.1:9324 ",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
            ["LUNORA_PREFLIGHT"] = "OFF",
        });

        Assert.Equal(new Lunora.Worker.Aws.AwsSdkSettings("eu-west-1", "http://127.0.0.1:9324", "http://127.0.0.1:4566"), settings.Aws);
        Assert.Equal(new Lunora.Worker.Telemetry.TelemetrySettings(Otlp: true, Console: false), settings.Telemetry);
        Assert.False(settings.Preflight);
        Assert.True(From([]).Preflight);
    }

    private static LunoraSettings From(Dictionary<string, string?> overrides)
    {
        var values = new Dictionary<string, string?>(Complete, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return LunoraSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
