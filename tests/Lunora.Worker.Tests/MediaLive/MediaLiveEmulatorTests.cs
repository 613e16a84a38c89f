using System.Net;
using System.Text.Json.Nodes;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Aws;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.Contract;
using Lunora.Worker.Tests.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.Tests.MediaLive;

/// <summary>Our clients, every request model-validated, against the in-process emulator on fake time.</summary>
public sealed class MediaLiveEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string ChannelId = "3714710";
    private readonly FakeStreamKeys _keys = new();

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReadOperations_SeededAccount_AnswerThroughOurClient()
    {
        var (client, handler) = Client();

        var channel = await client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        var channels = await client.ListChannelsAsync(CancellationToken.None);
        var input = await client.DescribeInputAsync("7107272", CancellationToken.None);
        var alerts = await client.ListAlertsAsync(ChannelId, AlertStateFilter.All, CancellationToken.None);

        Assert.Equal("lunora-player-prod-obs-rtmp-channel", channel["name"]!.GetValue<string>());
        Assert.Equal(["2012618", "4739436", "7107272"], (await Task.WhenAll(new[] { "4739436", "2012618" }.Select(i => client.DescribeInputAsync(i, CancellationToken.None))))
            .Select(i => i["id"]!.GetValue<string>()).Append(input["id"]!.GetValue<string>()).Order());
        Assert.Equal(["3714710", "6802366", "6890857"], channels.Select(c => c["id"]!.GetValue<string>()).Order());
        Assert.Empty(alerts);
        Assert.NotEmpty(handler.Requests);
    }

    [Fact]
    public async Task Gateway_FullLifecycle_OnlyManagedOutputsChangeAndHealthSignalsFollowReachability()
    {
        var (client, _) = Client();
        var gateway = new ChannelGateway(client, _keys, NullLogger<ChannelGateway>.Instance);
        var original = await client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        var observed = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
        Assert.Equal(ChannelState.Idle, observed.State);
        var yt = Output("yt", "rtmp://127.0.0.1:1935/yt");
        var tw = Output("tw", "rtmp://127.0.0.1:1935/tw");

        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([yt, tw], observed.UnmanagedFingerprint), CancellationToken.None);
        Assert.Equal(ChannelState.Updating, (await gateway.ObserveAsync(ChannelId, CancellationToken.None)).State);
        await WaitForStateAsync(gateway, ChannelState.Idle);

        var updated = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
        Assert.Equal(observed.UnmanagedFingerprint, updated.UnmanagedFingerprint);
        Assert.Equal(new[] { yt.GroupName, tw.GroupName }.Order(), updated.ManagedOutputs.Select(o => o.GroupName).Order());
        Assert.Equal(StreamKeyFingerprint.Of("key-yt-1"), updated.ManagedOutputs.Single(o => o.GroupName == yt.GroupName).Pipelines[1].KeyFingerprint);

        await gateway.StartAsync(ChannelId, CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.Running);
        await emulator.SendAsync(HttpMethod.Put, "/_emulator/reachability", new JsonObject { ["url"] = "rtmp://127.0.0.1:1935/yt/0", ["reachable"] = false }, HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromSeconds(30));

        var alerts = await client.ListAlertsAsync(ChannelId, AlertStateFilter.Set, CancellationToken.None);
        var alert = Assert.Single(alerts);
        Assert.Equal("Failed RTMP Connection", alert.AlertType);
        Assert.Equal("PIPELINE_0", alert.PipelineId);
        Assert.DoesNotContain("key-yt", alert.Message ?? "", StringComparison.Ordinal);

        var metrics = new MediaLiveMetrics(CloudWatch(), emulator.Time);
        ActiveOutputsKey[] keys = [new(0, yt.GroupName), new(1, yt.GroupName), new(0, tw.GroupName), new(0, "mediapackage")];
        var active = await metrics.ActiveOutputsAsync(ChannelId, keys, TimeSpan.FromSeconds(20), 10, CancellationToken.None);
        Assert.Equal(0.0, active[keys[0]]);
        Assert.Equal(1.0, active[keys[1]]);
        Assert.Equal(1.0, active[keys[2]]);
        Assert.True(active[keys[3]] >= 1.0);
        var signals = new MediaLiveSignalSource(client, metrics, emulator.Time, new MediaLiveSignalOptions(TimeSpan.FromSeconds(20), 10));
        var signalAlert = Assert.Single(await signals.ListAlertsAsync(ChannelId, CancellationToken.None));
        Assert.True(signalAlert.IsSet);
        Assert.Equal(0, signalAlert.Pipeline);
        Assert.Contains("rtmp://127.0.0.1:1935/yt/0", signalAlert.Message, StringComparison.OrdinalIgnoreCase);
        var signalActive = await signals.ActiveOutputsAsync(ChannelId, [yt.GroupName, tw.GroupName], 2, CancellationToken.None);
        Assert.Equal(0.0, signalActive[(yt.GroupName, 0)]);
        Assert.Equal(1.0, signalActive[(yt.GroupName, 1)]);
        Assert.Equal(1.0, signalActive[(tw.GroupName, 1)]);
        var pipelines = await metrics.PipelinesAsync(ChannelId, 2, TimeSpan.FromSeconds(20), 10, CancellationToken.None);
        Assert.All(pipelines, p => Assert.Equal(30.0, p.InputVideoFrameRate));

        await emulator.SendAsync(HttpMethod.Put, "/_emulator/reachability", new JsonObject { ["url"] = "rtmp://127.0.0.1:1935/yt/0", ["reachable"] = true }, HttpStatusCode.OK);
        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await client.ListAlertsAsync(ChannelId, AlertStateFilter.Set, CancellationToken.None));
        Assert.Equal("CLEARED", Assert.Single(await client.ListAlertsAsync(ChannelId, AlertStateFilter.Cleared, CancellationToken.None)).State);

        await gateway.StopAsync(ChannelId, CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.Idle);
        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([], observed.UnmanagedFingerprint), CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.Idle);

        var after = await client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        foreach (var member in ChannelDocument.UpdateMembers)
        {
            Assert.True(JsonNode.DeepEquals(original[member], after[member]), $"{member} changed");
        }
    }

    [Fact]
    public async Task ListChannels_PageSizeOne_FollowsServerTokensAcrossPages()
    {
        var handler = new ContractValidatingHandler(new SocketsHttpHandler());
        var client = new MediaLiveClient(new HttpClient(handler), TestAws.Settings(AwsService.MediaLive, emulator.Server.BaseAddress), TimeProvider.System, TestAws.FastRetry)
        {
            PageSize = 1,
        };

        var channels = await client.ListChannelsAsync(CancellationToken.None);

        Assert.Equal(["3714710", "6802366", "6890857"], channels.Select(c => c["id"]!.GetValue<string>()).Order());
        Assert.Equal(3, handler.For("ListChannels").Count());
    }

    [Fact]
    public async Task DescribeChannel_UnknownChannel_NotFound()
    {
        var (client, _) = Client();

        var e = await Assert.ThrowsAsync<AwsNotFoundException>(() => client.DescribeChannelAsync("999", CancellationToken.None));

        Assert.Equal("NotFoundException", e.ErrorType);
        Assert.Equal(1, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task StopChannel_Idle_ConflictNotRetried()
    {
        var (client, _) = Client();

        await Assert.ThrowsAsync<AwsConflictException>(() => client.StopChannelAsync(ChannelId, CancellationToken.None));

        Assert.Equal(1, await CountAsync("StopChannel"));
    }

    [Fact]
    public async Task UpdateChannel_BreaksMediaLiveRule_UnprocessableWithValidationErrors()
    {
        var (client, _) = Client();
        var body = ChannelDocument.ToUpdateProjection(await client.DescribeChannelAsync(ChannelId, CancellationToken.None));
        // Model-valid (our contract check passes it) but the RTMP output points at a destination that does not exist.
        body["encoderSettings"]!["outputGroups"]!.AsArray().Add(JsonNode.Parse("""
            {"name":"lunora-dangling","outputGroupSettings":{"rtmpGroupSettings":{"cacheLength":30}},
             "outputs":[{"outputName":"o","videoDescriptionName":"_1920x1080","outputSettings":{"rtmpOutputSettings":{"destination":{"destinationRefId":"nowhere"}}}}]}
            """));

        var e = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => client.UpdateChannelAsync(ChannelId, body, CancellationToken.None));

        Assert.NotEmpty(e.ValidationErrors);
        Assert.Contains(e.ValidationErrors, v => v.ElementPath.Contains("outputGroups", StringComparison.Ordinal));
        Assert.Equal(1, await CountAsync("UpdateChannel"));
    }

    [Fact]
    public async Task GetMetricData_BadQueryId_BadRequestNotRetried()
    {
        var cw = CloudWatch();

        await Assert.ThrowsAsync<AwsBadRequestException>(() => cw.GetMetricDataAsync(
            [new MetricQuery("bad-id", MediaLiveMetrics.Namespace, "FillMsec", [new("ChannelId", ChannelId), new("Pipeline", "0")], "Maximum", 10)],
            emulator.Time.GetUtcNow().AddMinutes(-1),
            emulator.Time.GetUtcNow(),
            CancellationToken.None));

        Assert.Equal(1, await CountAsync("GetMetricData"));
    }

    [Fact]
    public async Task Throttled_BucketEmptyAndTimeFrozen_GivesUpAsTooManyRequests()
    {
        await RateLimitAsync(burst: 1);
        var (client, _) = Client();
        await client.DescribeChannelAsync(ChannelId, CancellationToken.None);

        await Assert.ThrowsAsync<AwsTooManyRequestsException>(() => client.DescribeChannelAsync(ChannelId, CancellationToken.None));

        Assert.Equal(1 + 1 + TestAws.FastRetry.MaxRetryAttempts, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task Throttled_BackoffOnSharedClockRefillsBucket_RetrySucceeds()
    {
        await RateLimitAsync(burst: 1);
        var (client, _) = Client(retry: new AwsRetryOptions(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), time: emulator.Time);
        await client.DescribeChannelAsync(ChannelId, CancellationToken.None);

        var call = client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        await AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(500));

        Assert.Equal(ChannelId, (await call)["id"]!.GetValue<string>());
        Assert.True(await CountAsync("DescribeChannel") >= 3);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task ServerErrors_FailNextTwo_RetriesSucceed(int status)
    {
        await FaultsAsync(new JsonObject { ["failNext"] = 2, ["errorStatuses"] = new JsonArray(status), ["operations"] = new JsonArray("DescribeChannel") });
        var (client, _) = Client();

        var channel = await client.DescribeChannelAsync(ChannelId, CancellationToken.None);

        Assert.Equal(ChannelId, channel["id"]!.GetValue<string>());
        Assert.Equal(3, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task ServerErrors_EveryCallFails_GivesUpAfterBoundedAttempts()
    {
        await FaultsAsync(new JsonObject { ["errorRate"] = 1.0, ["errorStatuses"] = new JsonArray(500, 502, 504), ["operations"] = new JsonArray("ListChannels") });
        var (client, _) = Client();

        await Assert.ThrowsAsync<AwsServerErrorException>(() => client.ListChannelsAsync(CancellationToken.None));

        Assert.Equal(TestAws.FastRetry.MaxRetryAttempts + 1, await CountAsync("ListChannels"));
    }

    [Fact]
    public async Task StartChannel_504BeforeProcessing_DescribesThenStartsAgain()
    {
        await FaultsAsync(new JsonObject { ["failNext"] = 1, ["errorStatuses"] = new JsonArray(504), ["operations"] = new JsonArray("StartChannel") });
        var (client, _) = Client();

        var result = await client.StartChannelAsync(ChannelId, CancellationToken.None);

        Assert.Equal("STARTING", result["state"]!.GetValue<string>());
        Assert.Equal(2, await CountAsync("StartChannel"));
        Assert.Equal(1, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task StartChannel_504AfterServiceStarted_DescribesAndDoesNotStartAgain()
    {
        var lossy = new LossyGatewayHandler(new SocketsHttpHandler(), "/start");
        var (client, _) = TestAws.MediaLive(lossy, emulator.Server.BaseAddress);

        var result = await client.StartChannelAsync(ChannelId, CancellationToken.None);

        Assert.Equal(1, lossy.Lost);
        Assert.Contains(result["state"]!.GetValue<string>(), new[] { "STARTING", "RUNNING" });
        // A second StartChannel would have been a 409 on a STARTING channel: the describe prevented it.
        Assert.Equal(1, await CountAsync("StartChannel"));
    }

    [Fact]
    public async Task Latency_AnswerArrivesWhenEmulatorTimeAdvances()
    {
        await FaultsAsync(new JsonObject { ["latencyMs"] = 2000, ["operations"] = new JsonArray("DescribeChannel") });
        var (client, _) = Client();

        var call = client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        await AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(500));

        Assert.Equal(ChannelId, (await call)["id"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task Latency_BeyondClientTimeout_TimesOutRetriesThenGivesUp()
    {
        await FaultsAsync(new JsonObject { ["latencyMs"] = 600_000, ["operations"] = new JsonArray("DescribeChannel") });
        var (client, _) = TestAws.MediaLive(new SocketsHttpHandler(), emulator.Server.BaseAddress, retry: new AwsRetryOptions(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)), timeout: TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<AwsTimeoutException>(() => client.DescribeChannelAsync(ChannelId, CancellationToken.None));

        Assert.Equal(2, await CountAsync("DescribeChannel"));
    }

    [Fact]
    public async Task StuckInStarting_ChannelNeverRuns_GatewayObservesStartingThenCanStop()
    {
        var (client, _) = Client();
        var gateway = new ChannelGateway(client, _keys, NullLogger<ChannelGateway>.Instance);
        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{ChannelId}/faults", new JsonObject { ["stuckInStarting"] = true }, HttpStatusCode.OK);

        await gateway.StartAsync(ChannelId, CancellationToken.None);
        emulator.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(ChannelState.Starting, (await gateway.ObserveAsync(ChannelId, CancellationToken.None)).State);
        await Assert.ThrowsAsync<AwsConflictException>(() => gateway.StartAsync(ChannelId, CancellationToken.None));
        await gateway.StopAsync(ChannelId, CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.Idle);
    }

    [Fact]
    public async Task UpdateFailed_OldConfigKept_ObservedAndRecoverableByAnotherUpdate()
    {
        var (client, _) = Client();
        var gateway = new ChannelGateway(client, _keys, NullLogger<ChannelGateway>.Instance);
        var observed = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
        await emulator.SendAsync(HttpMethod.Put, $"/_emulator/channels/{ChannelId}/faults", new JsonObject { ["failNextUpdate"] = true }, HttpStatusCode.OK);
        var yt = Output("yt", "rtmp://127.0.0.1:1935/yt");

        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([yt], observed.UnmanagedFingerprint), CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.UpdateFailed);

        var failed = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
        Assert.Empty(failed.ManagedOutputs);
        Assert.Equal(observed.UnmanagedFingerprint, failed.UnmanagedFingerprint);
        await Assert.ThrowsAsync<AwsConflictException>(() => gateway.StartAsync(ChannelId, CancellationToken.None));

        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([yt], observed.UnmanagedFingerprint), CancellationToken.None);
        await WaitForStateAsync(gateway, ChannelState.Idle);
        Assert.Single((await gateway.ObserveAsync(ChannelId, CancellationToken.None)).ManagedOutputs);
    }

    private (MediaLiveClient Client, ContractValidatingHandler Handler) Client(AwsRetryOptions? retry = null, TimeProvider? time = null) =>
        TestAws.MediaLive(new SocketsHttpHandler(), emulator.Server.BaseAddress, retry, time);

    private CloudWatchClient CloudWatch() => TestAws.CloudWatch(new SocketsHttpHandler(), emulator.Server.BaseAddress).Client;

    private DesiredOutput Output(string id, string urlBase)
    {
        var output = RoundTrip.Output(id, 2, urlBase);
        for (var i = 0; i < output.Pipelines.Length; i++)
        {
            _keys.Keys[output.Pipelines[i].KeyParameter] = $"key-{id}-{i}";
        }

        return output;
    }

    private async Task WaitForStateAsync(ChannelGateway gateway, ChannelState expected)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await gateway.ObserveAsync(ChannelId, CancellationToken.None)).State == expected)
            {
                return;
            }

            emulator.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Fail($"channel never reached {expected}");
    }

    private async Task AdvanceUntilAsync(Task call, TimeSpan step)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (!call.IsCompleted && TimeProvider.System.GetUtcNow() < deadline)
        {
            emulator.Time.Advance(step);
            await Task.Delay(5);
        }
    }

    private async Task<int> CountAsync(string operation) =>
        (int?)(await emulator.SendAsync(HttpMethod.Get, "/_emulator/requests", expect: HttpStatusCode.OK)).Body!["counts"]![operation] ?? 0;

    private async Task FaultsAsync(JsonObject faults) => await emulator.SendAsync(HttpMethod.Put, "/_emulator/faults", faults, HttpStatusCode.OK);

    private async Task RateLimitAsync(int burst) =>
        await emulator.SendAsync(HttpMethod.Put, "/_emulator/rate-limit", new JsonObject { ["enabled"] = true, ["ratePerSecond"] = 1, ["burst"] = burst }, HttpStatusCode.OK);
}
