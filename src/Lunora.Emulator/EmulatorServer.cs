using System.Net;
using System.Text.Json.Nodes;
using Lunora.Emulator.Api;
using Lunora.Emulator.RealVideo;
using Lunora.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lunora.Emulator;

/// <summary>
/// The MediaLive + CloudWatch emulator, listening on 127.0.0.1 only. Tests start it in-process with
/// <see cref="StartAsync"/>; <c>dotnet run --project src/Lunora.Emulator -- --port N</c> runs the same thing.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly EmulatorOptions _options;
    private readonly JsonObject _seed;
    private WebApplication? _app;
    private RealVideoSupervisor? _realVideo;

    private EmulatorServer(EmulatorOptions options, JsonObject seed)
    {
        _options = options;
        _seed = seed;
        Account = new EmulatorAccount(options.TimeProvider, options.Profile);
        Account.Load(seed);
        Gate = new RequestGate(
            options.TimeProvider,
            new TokenBucket(options.TimeProvider, options.RateLimitPerSecond, options.RateLimitBurst),
            options.RateLimitEnabled,
            options.RandomSeed);
    }

    /// <summary>http://127.0.0.1:PORT/ — use it as ServiceURL / endpoint for both MediaLive and CloudWatch.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int Port => BaseAddress.Port;

    internal EmulatorAccount Account { get; }

    internal RequestGate Gate { get; }

    /// <summary>Channels the real-video mode is still encoding or flushing (0 when the mode is off).</summary>
    public int RealVideoActiveRuns => _realVideo?.ActiveRuns ?? 0;

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = await LoadSeedAsync(options.SeedPath, ct);
        var server = new EmulatorServer(options, seed);
        await server.StartHostAsync(ct);
        return server;
    }

    /// <summary>Back to the seed: channels, inputs, reachability, faults, request counts and the rate-limit budget.</summary>
    public void Reset()
    {
        Account.Load(_seed);
        Account.Profile = _options.Profile;
        Gate.Faults = FaultSettings.None;
        Gate.Hold.Release();
        Gate.ResetCounts();
        Gate.RateLimitEnabled = _options.RateLimitEnabled;
        Gate.Bucket.Reconfigure(_options.RateLimitPerSecond, _options.RateLimitBurst);
    }

    /// <summary>How many requests each operation received (every attempt, including throttled and faulted ones).</summary>
    public IReadOnlyDictionary<string, long> RequestCounts => Gate.Counts;

    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app?.WaitForShutdownAsync(ct) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_realVideo is not null)
        {
            await _realVideo.DisposeAsync();
            _realVideo = null;
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task StartHostAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _options.Port));
        builder.Logging.SetMinimumLevel(_options.MinimumLogLevel);
        var app = builder.Build();
        MediaLiveEndpoints.Map(app, Account, Gate);
        CloudWatchEndpoints.Map(app, Account, Gate);
        ControlEndpoints.Map(app, this);
        FaultControlEndpoints.Map(app, Account);
        await app.StartAsync(ct);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        if (_options.RealVideo)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lunora.Emulator.RealVideo");
            _realVideo = new RealVideoSupervisor(Account, _options.Video, _options.TimeProvider, logger);
        }
    }

    private static async Task<JsonObject> LoadSeedAsync(string? path, CancellationToken ct)
    {
        await using var stream = path is null
            ? typeof(EmulatorServer).Assembly.GetManifestResourceStream("seed-account.json")
                ?? throw new InvalidOperationException("The embedded seed is missing.")
            : File.OpenRead(path);
        var node = await JsonNode.ParseAsync(stream, cancellationToken: ct);
        return node as JsonObject ?? throw new InvalidOperationException($"Seed {path} is not a JSON object.");
    }
}
