using System.Net;
using System.Text.Json.Nodes;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class MediaLiveClientTests
{
    private static string Channel(string state) => $$"""{"id":"3714710","state":"{{state}}","channelClass":"STANDARD"}""";

    [Fact]
    public async Task DescribeChannelAsync_Ok_ReturnsDocumentFromSignedGet()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, TestChannels.RealisticJson);
        var (client, handler) = TestAws.MediaLive(stub);

        var doc = await client.DescribeChannelAsync("3714710", CancellationToken.None);

        Assert.Equal("lunora-player-prod-obs-rtmp-channel", doc["name"]!.GetValue<string>());
        var request = Assert.Single(handler.For("DescribeChannel"));
        Assert.Equal("/prod/channels/3714710", request.Uri.AbsolutePath);
        Assert.Contains("/us-west-2/medialive/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateChannelAsync_Ok_SendsJsonBodyAndUnwrapsChannel()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, """{"channel":{"id":"3714710","state":"UPDATING"}}""");
        var (client, handler) = TestAws.MediaLive(stub);
        var body = ChannelDocument.ToUpdateProjection(TestChannels.Realistic());

        var channel = await client.UpdateChannelAsync("3714710", body, CancellationToken.None);

        Assert.Equal("UPDATING", channel["state"]!.GetValue<string>());
        var request = Assert.Single(handler.For("UpdateChannel"));
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.True(JsonNode.DeepEquals(body, request.Json));
    }

    [Fact]
    public async Task StartAndStop_Ok_PostToTheirPaths()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, Channel("STARTING")).Json(HttpStatusCode.OK, Channel("STOPPING"));
        var (client, handler) = TestAws.MediaLive(stub);

        Assert.Equal("STARTING", (await client.StartChannelAsync("3714710", CancellationToken.None))["state"]!.GetValue<string>());
        Assert.Equal("STOPPING", (await client.StopChannelAsync("3714710", CancellationToken.None))["state"]!.GetValue<string>());

        Assert.Equal("/prod/channels/3714710/start", Assert.Single(handler.For("StartChannel")).Uri.AbsolutePath);
        Assert.Equal("/prod/channels/3714710/stop", Assert.Single(handler.For("StopChannel")).Uri.AbsolutePath);
    }

    [Fact]
    public async Task ListChannelsAsync_TwoPages_FollowsNextToken()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, """{"channels":[{"id":"1"},{"id":"2"}],"nextToken":"tok+/="}""")
            .Json(HttpStatusCode.OK, """{"channels":[{"id":"3"}]}""");
        var (client, handler) = TestAws.MediaLive(stub);

        var channels = await client.ListChannelsAsync(CancellationToken.None);

        Assert.Equal(["1", "2", "3"], channels.Select(c => c["id"]!.GetValue<string>()));
        var second = handler.For("ListChannels").Last();
        Assert.Contains("nextToken=tok%2B%2F%3D", second.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAlertsAsync_PagesAndStateFilter_ParsesAlerts()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, """{"alerts":[{"id":"a1","alertType":"Failed RTMP Connection","message":"m","pipelineId":"0","state":"SET","setTimestamp":"2026-11-26T01:00:00Z"}],"nextToken":"n"}""")
            .Json(HttpStatusCode.OK, """{"alerts":[{"id":"a2","alertType":"Failed RTMP Connection","pipelineId":"1","state":"SET"}]}""");
        var (client, handler) = TestAws.MediaLive(stub);

        var alerts = await client.ListAlertsAsync("3714710", AlertStateFilter.Set, CancellationToken.None);

        Assert.Equal(["a1", "a2"], alerts.Select(a => a.Id));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), alerts[0].SetTimestamp);
        Assert.All(handler.For("ListAlerts"), r => Assert.Contains("stateFilter=SET", r.Uri.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAlertsAsync_EmptyAnswer_ReturnsEmpty()
    {
        var (client, _) = TestAws.MediaLive(new StubHandler().Json(HttpStatusCode.OK, "{}"));

        Assert.Empty(await client.ListAlertsAsync("3714710", AlertStateFilter.All, CancellationToken.None));
    }

    [Fact]
    public async Task DescribeInputAsync_Ok_GetsInputPath()
    {
        var (client, handler) = TestAws.MediaLive(new StubHandler().Json(HttpStatusCode.OK, """{"id":"7107272","type":"RTMP_PUSH"}"""));

        var input = await client.DescribeInputAsync("7107272", CancellationToken.None);

        Assert.Equal("RTMP_PUSH", input["type"]!.GetValue<string>());
        Assert.Equal("/prod/inputs/7107272", Assert.Single(handler.For("DescribeInput")).Uri.AbsolutePath);
    }

    [Theory]
    [InlineData(400, "BadRequestException", typeof(AwsBadRequestException))]
    [InlineData(403, "ForbiddenException", typeof(AwsForbiddenException))]
    [InlineData(404, "NotFoundException", typeof(AwsNotFoundException))]
    [InlineData(409, "ConflictException", typeof(AwsConflictException))]
    [InlineData(422, "UnprocessableEntityException", typeof(AwsUnprocessableEntityException))]
    public async Task DescribeChannelAsync_ClientError_ThrowsTypedWithoutRetry(int status, string type, Type expected)
    {
        var stub = new StubHandler { Fallback = _ => StubHandler.Response((HttpStatusCode)status, """{"message":"no"}""", type + ":http://internal") };
        var (client, _) = TestAws.MediaLive(stub);

        var e = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.DescribeChannelAsync("3714710", CancellationToken.None));

        Assert.IsType(expected, e);
        Assert.Equal(type, e.ErrorType);
        Assert.Equal(1, stub.Calls);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task DescribeChannelAsync_TransientThenOk_Retries(int status)
    {
        var stub = new StubHandler().Json((HttpStatusCode)status, """{"message":"later"}""").Json(HttpStatusCode.OK, Channel("IDLE"));
        var (client, _) = TestAws.MediaLive(stub);

        var doc = await client.DescribeChannelAsync("3714710", CancellationToken.None);

        Assert.Equal("IDLE", doc["state"]!.GetValue<string>());
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task DescribeChannelAsync_AlwaysFailing_GivesUpAfterBoundedAttempts()
    {
        var stub = new StubHandler { Fallback = _ => StubHandler.Response(HttpStatusCode.InternalServerError, """{"message":"down"}""") };
        var (client, _) = TestAws.MediaLive(stub);

        await Assert.ThrowsAsync<AwsServerErrorException>(() => client.DescribeChannelAsync("3714710", CancellationToken.None));

        Assert.Equal(TestAws.FastRetry.MaxRetryAttempts + 1, stub.Calls);
    }

    [Fact]
    public async Task StartChannelAsync_504ThenChannelStarting_DescribesAndDoesNotStartAgain()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.GatewayTimeout, """{"message":"gateway timeout"}""")
            .Json(HttpStatusCode.OK, Channel("STARTING"));
        var (client, handler) = TestAws.MediaLive(stub);

        var result = await client.StartChannelAsync("3714710", CancellationToken.None);

        Assert.Equal("STARTING", result["state"]!.GetValue<string>());
        Assert.Single(handler.For("StartChannel"));
        Assert.Single(handler.For("DescribeChannel"));
    }

    [Fact]
    public async Task StartChannelAsync_504ThenChannelStillIdle_StartsAgain()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.GatewayTimeout, "{}")
            .Json(HttpStatusCode.OK, Channel("IDLE"))
            .Json(HttpStatusCode.OK, Channel("STARTING"));
        var (client, handler) = TestAws.MediaLive(stub);

        await client.StartChannelAsync("3714710", CancellationToken.None);

        Assert.Equal(2, handler.For("StartChannel").Count());
    }

    [Fact]
    public async Task StopChannelAsync_500_RetriesWithoutDescribing()
    {
        var stub = new StubHandler().Json(HttpStatusCode.InternalServerError, "{}").Json(HttpStatusCode.OK, Channel("STOPPING"));
        var (client, handler) = TestAws.MediaLive(stub);

        await client.StopChannelAsync("3714710", CancellationToken.None);

        Assert.Equal(2, handler.For("StopChannel").Count());
        Assert.Empty(handler.For("DescribeChannel"));
    }

    [Fact]
    public async Task UpdateChannelAsync_504ThenChannelHoldsSentConfig_TreatedAsDone()
    {
        var body = ChannelDocument.ToUpdateProjection(TestChannels.Realistic());
        var stub = new StubHandler()
            .Json(HttpStatusCode.GatewayTimeout, "{}")
            .Json(HttpStatusCode.OK, TestChannels.RealisticJson);
        var (client, handler) = TestAws.MediaLive(stub);

        await client.UpdateChannelAsync("3714710", body, CancellationToken.None);

        Assert.Single(handler.For("UpdateChannel"));
    }

    [Fact]
    public async Task UpdateChannelAsync_504ThenChannelStillHasOldOutputs_SendsAgain()
    {
        var doc = TestChannels.Realistic();
        var body = ChannelUpdateBuilder.Build(doc, RoundTrip.Resolve(RoundTrip.Output("yt", 2, "rtmp://yt")), ChannelDocument.UnmanagedFingerprint(doc));
        var stub = new StubHandler()
            .Json(HttpStatusCode.GatewayTimeout, "{}")
            .Json(HttpStatusCode.OK, TestChannels.RealisticJson)
            .Json(HttpStatusCode.OK, """{"channel":{"id":"3714710","state":"UPDATING"}}""");
        var (client, handler) = TestAws.MediaLive(stub);

        await client.UpdateChannelAsync("3714710", body, CancellationToken.None);

        Assert.Equal(2, handler.For("UpdateChannel").Count());
        Assert.Single(handler.For("DescribeChannel"));
    }

    [Fact]
    public async Task DescribeChannelAsync_Timeout_RetriedAsTransient()
    {
        var stub = new StubHandler();
        stub.Enqueue(_ => throw new TaskCanceledException("timeout", new TimeoutException()));
        stub.Json(HttpStatusCode.OK, Channel("IDLE"));
        var (client, _) = TestAws.MediaLive(stub);

        await client.DescribeChannelAsync("3714710", CancellationToken.None);

        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task DescribeChannelAsync_Cancelled_ThrowsCancellationWithoutRetry()
    {
        var stub = new StubHandler { Fallback = _ => StubHandler.Response(HttpStatusCode.InternalServerError, "{}") };
        var (client, _) = TestAws.MediaLive(stub);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DescribeChannelAsync("3714710", cts.Token));

        Assert.True(stub.Calls <= 1);
    }

    [Fact]
    public async Task DescribeChannelAsync_BackoffWaitsOnInjectedTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        var stub = new StubHandler().Json(HttpStatusCode.TooManyRequests, "{}").Json(HttpStatusCode.OK, Channel("IDLE"));
        var (client, _) = TestAws.MediaLive(stub, retry: new AwsRetryOptions(2, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)), time: time);

        var call = client.DescribeChannelAsync("3714710", CancellationToken.None);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (stub.Calls < 1 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Yield();
        }

        Assert.False(call.IsCompleted);
        Assert.Equal(1, stub.Calls);
        while (!call.IsCompleted && TimeProvider.System.GetUtcNow() < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(1);
        }

        Assert.Equal("IDLE", (await call)["state"]!.GetValue<string>());
        Assert.True(time.GetUtcNow() - new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero) >= TimeSpan.FromSeconds(5));
    }
}
