using System.Net;
using Lunora.Relay.Api;
using Lunora.Relay.Hub;
using Lunora.Relay.Paths;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lunora.Relay;

/// <summary>
/// The local stand-in for MediaMTX v1.20.1, on 127.0.0.1 only: the v3 control API subset the worker uses (config paths,
/// paths, forwards), authenticated like <c>authInternalUsers</c> with the <c>api</c> permission, moving real video
/// (nginx-rtmp ingest hub, one supervised <c>ffmpeg -c copy</c> per path, one RTMP session per forward). Tests start it
/// in-process with <see cref="StartAsync"/>; <c>dotnet run --project src/Lunora.Relay</c> runs the same thing.
/// </summary>
public sealed class RelayServer : IAsyncDisposable
{
    private readonly RelayOptions _options;
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private WebApplication? _app;
    private IngestHub? _hub;
    private PathTable? _paths;

    private RelayServer(RelayOptions options)
    {
        _options = options;
        _ownsDirectory = options.WorkDirectory is null;
        _directory = options.WorkDirectory ?? Directory.CreateTempSubdirectory("lunora-relay-").FullName;
    }

    /// <summary>http://127.0.0.1:PORT/ — the control API (MediaMTX's :9997).</summary>
    public Uri ApiAddress { get; private set; } = new("http://127.0.0.1/");

    public int IngestPort => _hub?.Port ?? 0;

    /// <summary>Where MediaLive (or a test source) publishes ingest <paramref name="name"/>, and where a path's <c>source</c> reads it.</summary>
    public string IngestUrl(string name) => $"{_hub!.BaseUrl}/{name}";

    public static async Task<RelayServer> StartAsync(RelayOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new RelayServer(options);
        try
        {
            await server.StartHostAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets every path and ends every session, keeping the API and the ingest up: a relay task replaced with its state lost.</summary>
    public Task ForgetPathsAsync() => _paths?.ClearAsync() ?? Task.CompletedTask;

    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app?.WaitForShutdownAsync(ct) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        if (_paths is not null)
        {
            await _paths.DisposeAsync();
            _paths = null;
        }

        if (_hub is not null)
        {
            await _hub.DisposeAsync();
            _hub = null;
        }

        if (_ownsDirectory && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartHostAsync(CancellationToken ct)
    {
        _hub = await IngestHub.StartAsync(_directory, _options.IngestPort, _options.NginxPath, _options.RtmpModule, ct);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(RelayServer).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _options.ApiPort));
        builder.Logging.SetMinimumLevel(_options.MinimumLogLevel);
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lunora.Relay");
        _paths = new PathTable(_options, logger);
        var auth = new ApiAuth(_options.ApiUsers);
        app.Use((context, next) => auth.InvokeAsync(context, () => next(context)));
        ConfigPathEndpoints.Map(app, _paths);
        PathEndpoints.Map(app, _paths, _options.TimeProvider);
        await app.StartAsync(ct);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ApiAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
    }
}
