using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lunora.Relay.Hub;

/// <summary>
/// The relay's RTMP ingest: one nginx with the RTMP module on 127.0.0.1, in the foreground and single-process so that
/// stopping it drops its connections at once. MediaLive (or the emulator) publishes <c>rtmp://127.0.0.1:PORT/relay/NAME</c>;
/// each destination path reads the ingest back from it. nginx-rtmp's own <c>push</c> is not used: after a reload new
/// pushes start only when the publisher reconnects.
/// </summary>
internal sealed class IngestHub : IAsyncDisposable
{
    public const string Application = "relay";

    private readonly string _directory;
    private readonly string _nginx;
    private readonly string _module;
    private Process? _process;

    private IngestHub(string directory, int port, string nginx, string module)
    {
        _directory = directory;
        Port = port;
        _nginx = nginx;
        _module = module;
    }

    public int Port { get; }

    /// <summary>rtmp://127.0.0.1:PORT/relay — publish an ingest as <c>{BaseUrl}/{name}</c>.</summary>
    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"rtmp://127.0.0.1:{Port}/{Application}");

    public static async Task<IngestHub> StartAsync(string directory, int port, string nginx, string module, CancellationToken ct)
    {
        var hub = new IngestHub(directory, port == 0 ? FreePort() : port, nginx, module);
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), hub.Config(), ct);
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log") })
        {
            info.ArgumentList.Add(arg);
        }

        hub._process = Process.Start(info) ?? throw new InvalidOperationException($"{nginx} did not start.");
        hub._process.OutputDataReceived += (_, _) => { };
        hub._process.ErrorDataReceived += (_, _) => { };
        hub._process.BeginOutputReadLine();
        hub._process.BeginErrorReadLine();
        await hub.WaitForPortAsync(ct);
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process is { HasExited: true } exited)
            {
                var log = Path.Combine(_directory, "error.log");
                var reason = File.Exists(log) ? await File.ReadAllTextAsync(log, ct) : "";
                throw new InvalidOperationException($"nginx exited with {exited.ExitCode}: {reason.Trim()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }
        }

        throw new InvalidOperationException($"nginx-rtmp did not listen on 127.0.0.1:{Port} within 10 s.");
    }

    private string Config() => $$"""
        load_module {{_module}};
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{_directory}}/nginx.pid;
        error_log {{_directory}}/error.log warn;
        events { worker_connections 256; }
        rtmp {
          server {
            listen 127.0.0.1:{{Port}};
            chunk_size 4096;
            application {{Application}} {
              live on;
              # Only loopback may publish or read: the stand-in is a local test piece, not an internet ingest.
              allow publish 127.0.0.1;
              deny publish all;
              allow play 127.0.0.1;
              deny play all;
            }
          }
        }
        http {
          access_log off;
          client_body_temp_path {{_directory}}/tmp/body;
          proxy_temp_path {{_directory}}/tmp/proxy;
          fastcgi_temp_path {{_directory}}/tmp/fastcgi;
          uwsgi_temp_path {{_directory}}/tmp/uwsgi;
          scgi_temp_path {{_directory}}/tmp/scgi;
        }
        """;
}
