using Lunora.Worker.Relay;
using Lunora.Worker.Tests.RelayStandIn;
using Lunora.Worker.Tests.Secrets;
using Microsoft.Extensions.Logging.Testing;

namespace Lunora.Worker.Tests.Relay;

/// <summary>
/// The worker's relay client against a running stand-in, every call checked against MediaMTX's openapi.yaml, every log
/// record collected (to prove no key reaches one). Retries wait 1 ms: the tests see the retry count, not the delays.
/// </summary>
internal sealed class RelayClientHarness : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private RelayClientHarness(StandInRelay relay)
    {
        Relay = relay;
    }

    public StandInRelay Relay { get; }

    public OpenApiCheckingHandler Checking { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public InMemoryStreamKeyProvider Keys { get; } = new();

    public static async Task<RelayClientHarness> StartAsync() => new(await StandInRelay.StartAsync());

    public RelayApiClient Client(int relay = 0, Uri? address = null, RelayCredentials? credentials = null)
    {
        var http = new HttpClient(Checking, disposeHandler: false);
        _clients.Add(http);
        var options = new RelayRetryOptions(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));
        return new RelayApiClient(
            http,
            new RelayEndpoint(relay, address ?? Relay.Server.ApiAddress, Relay.Server.IngestUrl("").TrimEnd('/')),
            new StaticRelayCredentialsSource(credentials ?? new RelayCredentials(StandInRelay.User, Relay.Password)),
            RelayRetryPipeline.Create(options, TimeProvider.System),
            options,
            new FakeLogger<RelayApiClient>(Logs));
    }

    public RelayGateway Gateway(params RelayApiClient[] clients) => new(clients, Keys, new FakeLogger<RelayGateway>(Logs));

    /// <summary>Every log message and exception text written so far, in one string.</summary>
    public string AllLogText => string.Join('\n', Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        var violations = Checking.Violations;
        Checking.Dispose();
        await Relay.DisposeAsync();
        Assert.Empty(violations);
    }
}
