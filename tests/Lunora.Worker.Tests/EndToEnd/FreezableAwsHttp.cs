using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// The HTTP under one worker's AWSSDK client, on the real wire to the stand-in, with two switches a test flips: freeze
/// (every request stalls, as in a task whose process is paused) and a one-off failure the SDK has never heard of.
/// </summary>
public sealed class FreezableAwsHttp : HttpClientFactory
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _thaw;
    private readonly List<Func<string, Exception?>> _failures = [];
    private int _failed;

    public void Freeze()
    {
        lock (_gate)
        {
            _thaw ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Thaw()
    {
        TaskCompletionSource? thaw;
        lock (_gate)
        {
            thaw = _thaw;
            _thaw = null;
        }

        thaw?.TrySetResult();
    }

    /// <summary>
    /// The first request whose target and body (<c>X-Amz-Target</c>, a newline, the JSON) make <paramref name="failure"/>
    /// return an exception throws it instead of being sent; each registered failure fires once.
    /// </summary>
    public void FailOnce(Func<string, Exception?> failure)
    {
        lock (_gate)
        {
            _failures.Add(failure);
        }
    }

    /// <summary>How many registered failures have fired.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public AmazonDynamoDBClient CreateDynamoClient(string serviceUrl)
    {
        var config = StandIn.Config<AmazonDynamoDBConfig>(serviceUrl);
        config.HttpClientFactory = this;
        return new AmazonDynamoDBClient(StandIn.Credentials, config);
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this), disposeHandler: true);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private async Task BeforeSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Task? frozen;
        Exception? failure = null;
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? string.Join(",", values) : "";
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            frozen = _thaw?.Task;
            foreach (var candidate in _failures)
            {
                if (candidate(target + "\n" + body) is { } e)
                {
                    _failures.Remove(candidate);
                    _failed++;
                    failure = e;
                    break;
                }
            }
        }

        if (frozen is not null)
        {
            await frozen.WaitAsync(cancellationToken);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    private sealed class Handler(FreezableAwsHttp owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await owner.BeforeSendAsync(request, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
