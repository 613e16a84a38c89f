using System.Net;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Emulator;

public sealed class EmulatorServerFaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    // Seeded with an unmanaged RTMP group "partner-rtmp" sending to these two URLs (pipeline 0, pipeline 1).
    private const string Channel = "6890857";
    private const string BackupUrl = "rtmp://127.0.0.1:1935/partner-backup";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RateLimit_BeyondBurst_TooManyRequestsUntilRefilled()
    {
        await Control("/rate-limit", new JsonObject { ["enabled"] = true, ["ratePerSecond"] = 20, ["burst"] = 40 });

        for (var i = 0; i < 40; i++)
        {
            await emulator.SendAsync(HttpMethod.Get, "/prod/channels", expect: HttpStatusCode.OK);
        }

        var throttled = await emulator.SendAsync(HttpMethod.Get, "/prod/channels", expect: HttpStatusCode.TooManyRequests);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(50));
        await emulator.SendAsync(HttpMethod.Get, "/prod/channels", expect: HttpStatusCode.OK);
        await emulator.SendAsync(HttpMethod.Get, "/prod/channels", expect: HttpStatusCode.TooManyRequests);
        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
    }

    [Fact]
    public async Task Faults_FailNext_AnswersStatusesInOrderThenSucceeds()
    {
        await Control("/faults", new JsonObject { ["failNext"] = 2, ["errorStatuses"] = new JsonArray(502, 504), ["operations"] = new JsonArray("DescribeChannel") });

        var first = await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}");
        await emulator.SendAsync(HttpMethod.Get, "/prod/channels", expect: HttpStatusCode.OK);
        var second = await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}");
        await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}", expect: HttpStatusCode.OK);

        Assert.Equal((HttpStatusCode.BadGateway, "BadGatewayException"), (first.Status, first.ErrorType));
        Assert.Equal((HttpStatusCode.GatewayTimeout, "GatewayTimeoutException"), (second.Status, second.ErrorType));
    }

    [Fact]
    public async Task Faults_ErrorRateOne_AlwaysInternalServerError()
    {
        await Control("/faults", new JsonObject { ["errorRate"] = 1.0, ["errorStatuses"] = new JsonArray(500) });

        var reply = await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/start", expect: HttpStatusCode.InternalServerError);

        Assert.Equal("InternalServerErrorException", reply.ErrorType);
        await Control("/faults", null, HttpMethod.Delete);
        Assert.Equal("IDLE", await emulator.StateAsync(Channel));
    }

    [Fact]
    public async Task Faults_Latency_DelaysAnswerByFakeTime()
    {
        await Control("/faults", new JsonObject { ["latencyMs"] = 1000, ["operations"] = new JsonArray("DescribeChannel") });

        var pending = emulator.DescribeAsync(Channel);
        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
            emulator.Time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
        }

        Assert.Equal("IDLE", (string?)(await pending)["state"]);
        Assert.InRange(advanced, TimeSpan.FromMilliseconds(1000), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task ChannelFaults_StuckInStarting_StaysStarting()
    {
        await Control($"/channels/{Channel}/faults", new JsonObject { ["stuckInStarting"] = true });

        await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/start", expect: HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal("STARTING", await emulator.StateAsync(Channel));
    }

    [Fact]
    public async Task ChannelFaults_FailNextUpdate_UpdateFailedAndConfigUnchanged()
    {
        await Control($"/channels/{Channel}/faults", new JsonObject { ["failNextUpdate"] = true });
        var body = EmulatorFixture.UpdateBody(await emulator.DescribeAsync(Channel));
        body["name"] = "renamed";

        await emulator.SendAsync(HttpMethod.Put, $"/prod/channels/{Channel}", body, HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromSeconds(1));

        var after = await emulator.DescribeAsync(Channel);
        Assert.Equal("UPDATE_FAILED", (string?)after["state"]);
        Assert.Equal("lunora-prod-channel", (string?)after["name"]);
    }

    [Fact]
    public async Task Reachability_UnreachableWhileRunning_AlertSetThenClearedThenExpired()
    {
        await Control("/reachability", new JsonObject { ["url"] = BackupUrl, ["reachable"] = false });
        await StartAndRunAsync();

        var set = Assert.Single(await AlertsAsync("SET"));
        Assert.Equal("Failed RTMP Connection", (string?)set!["alertType"]);
        Assert.Equal("PIPELINE_1", (string?)set["pipelineId"]);
        Assert.Equal("1", (string?)set["id"]);
        Assert.Contains(BackupUrl, (string)set["message"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-key-b", (string)set["message"]!, StringComparison.Ordinal);

        emulator.Time.Advance(TimeSpan.FromSeconds(5));
        await Control("/reachability", new JsonObject { ["url"] = BackupUrl, ["reachable"] = true });
        Assert.Empty(await AlertsAsync("SET"));
        var cleared = Assert.Single(await AlertsAsync("CLEARED"));
        Assert.NotNull((string?)cleared!["clearedTimestamp"]);

        emulator.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Empty(await AlertsAsync("ALL"));
    }

    [Fact]
    public async Task Reachability_Restart_AlertIdsStartOver()
    {
        await Control("/reachability", new JsonObject { ["url"] = BackupUrl, ["reachable"] = false });
        await StartAndRunAsync();
        await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/stop", expect: HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        await StartAndRunAsync();

        var alert = Assert.Single(await AlertsAsync("ALL"));
        Assert.Equal("1", (string?)alert!["id"]);
        Assert.Equal("SET", (string?)alert["state"]);
    }

    [Fact]
    public async Task GetMetricData_ActiveOutputs_ZeroForUnreachablePipelineOnly()
    {
        await Control("/reachability", new JsonObject { ["url"] = BackupUrl, ["reachable"] = false });
        await StartAndRunAsync();
        emulator.Time.Advance(TimeSpan.FromSeconds(10));

        var results = await MetricsAsync(
            Query("p0", "ActiveOutputs", "0", "partner-rtmp"),
            Query("p1", "ActiveOutputs", "1", "partner-rtmp"),
            Query("mp", "ActiveOutputs", "0", "mediapackage"));

        Assert.All(results["p0"], v => Assert.Equal(1, v));
        Assert.All(results["p1"], v => Assert.Equal(0, v));
        Assert.All(results["mp"], v => Assert.Equal(1, v));
        Assert.Equal(10, results["p1"].Count);
    }

    [Fact]
    public async Task GetMetricData_NotRunning_NoDatapoints()
    {
        emulator.Time.Advance(TimeSpan.FromSeconds(10));

        var results = await MetricsAsync(Query("p0", "ActiveOutputs", "0", "partner-rtmp"));

        Assert.Empty(results["p0"]);
    }

    [Fact]
    public async Task GetMetricData_SettableMetric_ReadsValueForPipeline()
    {
        await Control($"/channels/{Channel}/metrics", new JsonObject { ["metricName"] = "FillMsec", ["pipeline"] = "1", ["value"] = 750 });
        await StartAndRunAsync();
        emulator.Time.Advance(TimeSpan.FromSeconds(3));

        var results = await MetricsAsync(Query("f0", "FillMsec", "0", null), Query("f1", "FillMsec", "1", null));

        Assert.All(results["f0"], v => Assert.Equal(0, v));
        Assert.All(results["f1"], v => Assert.Equal(750, v));
        Assert.NotEmpty(results["f1"]);
    }

    [Fact]
    public async Task RequestCounts_CountEveryAttemptPerOperation()
    {
        await Control("/faults", new JsonObject { ["failNext"] = 1, ["operations"] = new JsonArray("DescribeChannel") });
        await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}");
        await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}");
        await emulator.SendAsync(HttpMethod.Get, "/prod/channels");

        var counts = (await emulator.SendAsync(HttpMethod.Get, "/_emulator/requests", expect: HttpStatusCode.OK)).Body!["counts"]!;

        Assert.Equal(2, (int?)counts["DescribeChannel"]);
        Assert.Equal(1, (int?)counts["ListChannels"]);
        Assert.Equal(2, emulator.Server.RequestCounts["DescribeChannel"]);
    }

    private async Task StartAndRunAsync()
    {
        await emulator.SendAsync(HttpMethod.Post, $"/prod/channels/{Channel}/start", expect: HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal("RUNNING", await emulator.StateAsync(Channel));
    }

    private async Task<JsonArray> AlertsAsync(string filter) =>
        (await emulator.SendAsync(HttpMethod.Get, $"/prod/channels/{Channel}/alerts?stateFilter={filter}", expect: HttpStatusCode.OK)).Body!["alerts"]!.AsArray();

    private async Task<Dictionary<string, List<double>>> MetricsAsync(params JsonObject[] queries)
    {
        var now = emulator.Time.GetUtcNow();
        var request = new JsonObject
        {
            ["StartTime"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["EndTime"] = now.ToUnixTimeSeconds(),
            ["MetricDataQueries"] = new JsonArray([.. queries]),
        };
        var reply = await emulator.SendAsync(HttpMethod.Post, "/", request, HttpStatusCode.OK, "GraniteServiceVersion20100801.GetMetricData");
        return reply.Body!["MetricDataResults"]!.AsArray()
            .ToDictionary(r => (string)r!["Id"]!, r => r!["Values"]!.AsArray().Select(v => (double)v!).ToList());
    }

    private static JsonObject Query(string id, string metric, string pipeline, string? group)
    {
        var dimensions = new JsonArray(
            new JsonObject { ["Name"] = "ChannelId", ["Value"] = Channel },
            new JsonObject { ["Name"] = "Pipeline", ["Value"] = pipeline });
        if (group is not null)
        {
            dimensions.Add(new JsonObject { ["Name"] = "OutputGroupName", ["Value"] = group });
        }

        return new JsonObject
        {
            ["Id"] = id,
            ["MetricStat"] = new JsonObject
            {
                ["Metric"] = new JsonObject { ["Namespace"] = "AWS/MediaLive", ["MetricName"] = metric, ["Dimensions"] = dimensions },
                ["Period"] = 1,
                ["Stat"] = "Minimum",
            },
        };
    }

    private async Task Control(string route, JsonObject? body, HttpMethod? method = null) =>
        await emulator.SendAsync(method ?? HttpMethod.Put, "/_emulator" + route, body, HttpStatusCode.OK);
}
