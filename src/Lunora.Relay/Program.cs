using System.Globalization;
using Lunora.Relay;

// dotnet run --project src/Lunora.Relay -- [--port 9997] [--ingest-port 1935] [--user NAME]
// The API password is read from LUNORA_RELAY_API_PASS, never from the command line (it would show in the process list).
var port = 9997;
var ingestPort = 1935;
var user = "lunora";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--ingest-port":
            ingestPort = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--user":
            user = args[++i];
            break;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument {args[i]}");
            return 2;
    }
}

var pass = Environment.GetEnvironmentVariable("LUNORA_RELAY_API_PASS");
if (string.IsNullOrEmpty(pass))
{
    await Console.Error.WriteLineAsync("Set LUNORA_RELAY_API_PASS: the stand-in's API, like MediaMTX's in production, is never open.");
    return 2;
}

await using var server = await RelayServer.StartAsync(new RelayOptions
{
    ApiPort = port,
    IngestPort = ingestPort,
    ApiUsers = [new RelayUser(user, pass)],
    MinimumLogLevel = LogLevel.Information,
});
await Console.Out.WriteLineAsync($"Lunora relay stand-in (MediaMTX v1.20.1 API subset) listening on {server.ApiAddress} as user {user}; ingest {server.IngestUrl("<name>")}");
await server.WaitForShutdownAsync();
return 0;
