using System.Diagnostics;
using Amazon.Runtime;

namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>What every npm stand-in fixture shares: how a client reaches it and how its process is ended.</summary>
internal static class StandIn
{
    public static BasicAWSCredentials Credentials { get; } = new("dummy", "dummy");

    /// <summary>The client settings every stand-in accepts: its URL, us-west-2, one retry.</summary>
    public static TConfig Config<TConfig>(string serviceUrl)
        where TConfig : ClientConfig, new() =>
        new() { ServiceURL = serviceUrl, AuthenticationRegion = "us-west-2", MaxErrorRetry = 1 };

    /// <summary>Kills the stand-in and its children (node may fork) and waits briefly, so no test leaves one running.</summary>
    public static Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }
}
