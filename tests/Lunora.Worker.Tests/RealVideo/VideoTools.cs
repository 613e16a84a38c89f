using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>Finds ffmpeg, ffprobe and nginx with its RTMP module; installs nothing.</summary>
public static class VideoTools
{
    /// <summary>What CI runs before the tests (Debian 12: ffmpeg 5.1, nginx 1.22).</summary>
    public const string AptLine = "apt-get install -y --no-install-recommends ffmpeg nginx libnginx-mod-rtmp";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    public static string Ffmpeg { get; } = Find("ffmpeg") ?? "ffmpeg";

    public static string Ffprobe { get; } = Find("ffprobe") ?? "ffprobe";

    public static string Nginx { get; } = Find("nginx") ?? "nginx";

    public static string RtmpModule { get; } = new[]
    {
        "/usr/lib/nginx/modules/ngx_rtmp_module.so",
        "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
        "/usr/local/nginx/modules/ngx_rtmp_module.so",
    }.FirstOrDefault(File.Exists) ?? "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    /// <summary>Null when everything is there, else what is missing and how to install it.</summary>
    public static string? MissingReason => Missing.Value;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to completion and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string? FindMissing()
    {
        var missing = new List<string>();
        if (Find("ffmpeg") is null)
        {
            missing.Add("ffmpeg");
        }

        if (Find("ffprobe") is null)
        {
            missing.Add("ffprobe");
        }

        if (Find("nginx") is null)
        {
            missing.Add("nginx");
        }

        if (!File.Exists(RtmpModule))
        {
            missing.Add("the nginx RTMP module");
        }

        return missing.Count == 0 ? null : $"Real-video tests need {string.Join(", ", missing)}: {AptLine}";
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
