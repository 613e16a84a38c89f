using System.Net;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.CloudWatch;

public sealed class CloudWatchClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetMetricDataAsync_TwoPages_MergesSeriesAndSendsAwsJson()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"q1","Label":"L","Timestamps":[1795658400],"Values":[1.0],"StatusCode":"PartialData"}],"NextToken":"next"}""")
            .Json(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"q1","Timestamps":[1795658340],"Values":[0.0],"StatusCode":"Complete"}]}""");
        var (client, handler) = TestAws.CloudWatch(stub);
        MetricQuery[] queries = [new("q1", "AWS/MediaLive", "ActiveOutputs", [new("ChannelId", "1")], "Minimum", 10)];

        var results = await client.GetMetricDataAsync(queries, Now.AddMinutes(-5), Now, CancellationToken.None);

        var series = results["q1"];
        Assert.Equal([1.0, 0.0], series.Values.ToArray());
        Assert.Equal(1.0, series.Latest);
        Assert.Equal("Complete", series.StatusCode);
        var requests = handler.For("GetMetricData").ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("GraniteServiceVersion20100801.GetMetricData", requests[0].Headers["X-Amz-Target"]);
        Assert.Contains("/monitoring/aws4_request", requests[0].Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal(Now.ToUnixTimeSeconds(), requests[0].Json!["EndTime"]!.GetValue<long>());
        Assert.Null(requests[0].Json!["NextToken"]);
        Assert.Equal("next", requests[1].Json!["NextToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetricDataAsync_UppercaseQueryId_Rejected()
    {
        var (client, _) = TestAws.CloudWatch(new StubHandler());
        MetricQuery[] queries = [new("Q1", "AWS/MediaLive", "ActiveOutputs", [], "Minimum", 10)];

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetMetricDataAsync(queries, Now.AddMinutes(-5), Now, CancellationToken.None));
    }

    [Fact]
    public async Task GetMetricDataAsync_400ThrottlingThenOk_RetriedAsTheSdksDo()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.cloudwatch#Throttling","message":"Rate exceeded"}""")
            .Json(HttpStatusCode.OK, """{"MetricDataResults":[]}""");
        var (client, _) = TestAws.CloudWatch(stub);

        await client.GetMetricDataAsync([new MetricQuery("a", "AWS/MediaLive", "FillMsec", [], "Maximum", 10)], Now.AddMinutes(-1), Now, CancellationToken.None);

        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task GetMetricDataAsync_InvalidParameter_NotRetried()
    {
        var stub = new StubHandler { Fallback = _ => StubHandler.Response(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"bad"}""") };
        var (client, _) = TestAws.CloudWatch(stub);

        var e = await Assert.ThrowsAsync<Lunora.Worker.Aws.AwsBadRequestException>(() => client.GetMetricDataAsync(
            [new MetricQuery("a", "AWS/MediaLive", "FillMsec", [], "Maximum", 10)], Now.AddMinutes(-1), Now, CancellationToken.None));

        Assert.Equal("InvalidParameterValueException", e.ErrorType);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task ActiveOutputsAsync_KeysPerPipelineAndGroup_QueriesMinimumWithThreeDimensions()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"ao0","Timestamps":[1],"Values":[1.0]},{"Id":"ao1","Timestamps":[1],"Values":[0.0]},{"Id":"ao2","Timestamps":[],"Values":[]}]}""");
        var (client, handler) = TestAws.CloudWatch(stub);
        var metrics = new MediaLiveMetrics(client, new FakeTimeProvider(Now));
        ActiveOutputsKey[] keys = [new(0, "lunora-a"), new(1, "lunora-a"), new(0, "lunora-b")];

        var values = await metrics.ActiveOutputsAsync("3714710", keys, TimeSpan.FromMinutes(2), 10, CancellationToken.None);

        Assert.Equal(1.0, values[keys[0]]);
        Assert.Equal(0.0, values[keys[1]]);
        Assert.Null(values[keys[2]]);
        var query = Assert.Single(handler.For("GetMetricData")).Json!["MetricDataQueries"]![1]!;
        Assert.Equal("Minimum", query["MetricStat"]!["Stat"]!.GetValue<string>());
        Assert.Equal(
            ["ChannelId=3714710", "Pipeline=1", "OutputGroupName=lunora-a"],
            query["MetricStat"]!["Metric"]!["Dimensions"]!.AsArray().Select(d => $"{d!["Name"]}={d["Value"]}"));
    }

    [Fact]
    public async Task PipelinesAsync_TwoPipelines_ReadsFourMetricsEach()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"fill_p1","Values":[60000.0],"Timestamps":[1]},{"Id":"fps_p0","Values":[30.0],"Timestamps":[1]}]}""");
        var (client, handler) = TestAws.CloudWatch(stub);
        var metrics = new MediaLiveMetrics(client, new FakeTimeProvider(Now));

        var pipelines = await metrics.PipelinesAsync("3714710", 2, TimeSpan.FromMinutes(2), 10, CancellationToken.None);

        Assert.Equal(30.0, pipelines[0].InputVideoFrameRate);
        Assert.Equal(60000.0, pipelines[1].FillMsec);
        Assert.Null(pipelines[1].NetworkIn);
        Assert.Equal(8, Assert.Single(handler.For("GetMetricData")).Json!["MetricDataQueries"]!.AsArray().Count);
    }
}
