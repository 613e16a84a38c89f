using Lunora.Worker.Configuration;

namespace Lunora.Worker.Cli;

/// <summary>
/// The container health check: the image has no curl, so the worker asks its own /livez, which fails when the leader's
/// loop stopped completing reconciles (docs/deploy.md has the CPU cost of this check and the alternatives measured).
/// </summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        // Only the port matters here: a problem elsewhere in the settings is the worker's to report, not the probe's.
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var port = LunoraSettings.From(configuration).HealthPort;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/livez"));
            await output.WriteLineAsync($"livez: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"livez: unreachable ({ex.GetType().Name})");
            return 1;
        }
    }
}
