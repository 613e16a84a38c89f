using Amazon.Runtime;
using Lunora.Worker.Aws;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Tests.Contract;

/// <summary>Clients under test, always behind <see cref="ContractValidatingHandler"/> so every request they build is checked against the model.</summary>
public static class TestAws
{
    public static readonly AwsRetryOptions FastRetry = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    public static AwsClientSettings Settings(AwsService service, Uri endpoint) =>
        new(service, endpoint, "us-west-2", new BasicAWSCredentials("dummy", "dummy"));

    public static (MediaLiveClient Client, ContractValidatingHandler Handler) MediaLive(
        HttpMessageHandler inner, Uri? endpoint = null, AwsRetryOptions? retry = null, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        var handler = new ContractValidatingHandler(inner);
        var http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        var client = new MediaLiveClient(
            http, Settings(AwsService.MediaLive, endpoint ?? new Uri("http://127.0.0.1:1")), time ?? TimeProvider.System, retry ?? FastRetry);
        return (client, handler);
    }

    public static (CloudWatchClient Client, ContractValidatingHandler Handler) CloudWatch(
        HttpMessageHandler inner, Uri? endpoint = null, AwsRetryOptions? retry = null, TimeProvider? time = null)
    {
        var handler = new ContractValidatingHandler(inner);
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var client = new CloudWatchClient(
            http, Settings(AwsService.CloudWatch, endpoint ?? new Uri("http://127.0.0.1:1")), time ?? TimeProvider.System, retry ?? FastRetry);
        return (client, handler);
    }
}
