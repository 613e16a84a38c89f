using System.Net;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Tests.Contract;

namespace Lunora.Worker.Tests.Aws;

public sealed class AwsHttpTransportTests
{
    [Fact]
    public async Task SendAsync_ThrottledThenServerErrorThenOk_ObserverSeesEveryAttemptAndRetry()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.TooManyRequests, "{}")
            .Json(HttpStatusCode.BadGateway, "{}")
            .Json(HttpStatusCode.OK, """{"id":"1"}""");
        var observer = new RecordingObserver();
        var handler = new ContractValidatingHandler(stub);
        var client = new MediaLiveClient(
            new HttpClient(handler), TestAws.Settings(AwsService.MediaLive, new Uri("http://127.0.0.1:1")), TimeProvider.System, TestAws.FastRetry, observer: observer);

        await client.DescribeChannelAsync("1", CancellationToken.None);

        Assert.Equal(
            [("medialive", "DescribeChannel", "throttled"), ("medialive", "DescribeChannel", "server_error"), ("medialive", "DescribeChannel", "success")],
            observer.Calls.ToArray());
        Assert.Equal(2, observer.Retries.Count);
    }

    [Fact]
    public async Task SendAsync_EndpointWithPath_AppendsOperationPathAndSignsIt()
    {
        var stub = new StubHandler().Json(HttpStatusCode.OK, "{}");
        var handler = new ContractValidatingHandler(stub);
        var client = new MediaLiveClient(new HttpClient(handler), TestAws.Settings(AwsService.MediaLive, new Uri("http://127.0.0.1:1/")), TimeProvider.System, TestAws.FastRetry);

        await client.DescribeInputAsync("7107272", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:1/prod/inputs/7107272", request.Uri.ToString());
        Assert.Contains("SignedHeaders=host;x-amz-date", request.Headers["Authorization"], StringComparison.Ordinal);
    }
}
