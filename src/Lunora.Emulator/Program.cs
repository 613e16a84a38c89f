using System.Globalization;
using Lunora.Emulator;
using Lunora.Emulator.RealVideo;

// dotnet run --project src/Lunora.Emulator -- --port <n> [--seed <file>] [--profile fast|default|realistic] [--no-rate-limit]
//   [--real-video [--hls-folder <dir>]]
var port = 4566;
string? seed = null;
var profile = TransitionProfile.Default;
var rateLimit = true;
var realVideo = false;
string? hlsFolder = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = args[++i];
            break;
        case "--profile":
            profile = TransitionProfile.Parse(args[++i]);
            break;
        case "--no-rate-limit":
            rateLimit = false;
            break;
        case "--real-video":
            realVideo = true;
            break;
        case "--hls-folder":
            hlsFolder = args[++i];
            break;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument {args[i]}");
            return 2;
    }
}

await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
{
    Port = port,
    SeedPath = seed,
    Profile = profile,
    RateLimitEnabled = rateLimit,
    MinimumLogLevel = realVideo ? LogLevel.Information : LogLevel.Warning,
    RealVideo = realVideo,
    Video = new RealVideoOptions { HlsFolder = hlsFolder },
});
await Console.Out.WriteLineAsync($"Lunora emulator (MediaLive + CloudWatch) listening on {server.BaseAddress} profile={profile.Name}");
await server.WaitForShutdownAsync();
return 0;
