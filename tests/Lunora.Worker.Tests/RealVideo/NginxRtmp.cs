using System.Diagnostics;
using System.Globalization;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// One nginx with the RTMP module on a free 127.0.0.1 port (single process, in the foreground, so killing it drops its
/// connections at once): one <c>live</c> application that records everything it receives, and an HTTP <c>/stat</c>.
/// Used as the OBS ingest and as destination receivers.
/// </summary>
public sealed class NginxRtmp : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private NginxRtmp(string directory, string application, int port, int statPort)
    {
        _directory = directory;
        Application = application;
        Port = port;
        StatPort = statPort;
    }

    public string Application { get; }

    public int Port { get; }

    public int StatPort { get; }

    /// <summary>rtmp://127.0.0.1:PORT/APP — a destination URL without the stream name.</summary>
    public string Url => $"rtmp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Application}";

    public string RecordDirectory => Path.Combine(_directory, "record");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Recordings in the order they were made (one per publish: a reconnect starts a new file).</summary>
    public IReadOnlyList<string> Recordings => Directory.Exists(RecordDirectory)
        ? [.. Directory.GetFiles(RecordDirectory, "*.flv").OrderBy(File.GetCreationTimeUtc).ThenBy(f => f, StringComparer.Ordinal)]
        : [];

    public long RecordedBytes => Recordings.Sum(f => new FileInfo(f).Length);

    public static async Task<NginxRtmp> StartAsync(string directory, string application)
    {
        var nginx = new NginxRtmp(directory, application, VideoTools.FreePort(), VideoTools.FreePort());
        Directory.CreateDirectory(nginx.RecordDirectory);
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), nginx.Config());
        await nginx.RestartAsync();
        return nginx;
    }

    /// <summary>Starts it again on the same port and folders (a receiver coming back).</summary>
    public async Task RestartAsync()
    {
        _process?.Dispose();
        var info = new ProcessStartInfo(VideoTools.Nginx)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf"), "-e", Path.Combine(_directory, "error.log") })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await VideoTools.WaitForPortAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills it: every connection drops, as when a platform's ingest goes away.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The nginx-rtmp statistics XML (publishers and players per stream).</summary>
    public async Task<string> StatAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{StatPort.ToString(CultureInfo.InvariantCulture)}/stat"));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }

    private string Config() => $$"""
        load_module {{VideoTools.RtmpModule}};
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{_directory}}/nginx.pid;
        error_log {{_directory}}/error.log warn;
        events { worker_connections 128; }
        rtmp {
          server {
            listen 127.0.0.1:{{Port}};
            chunk_size 4096;
            application {{Application}} {
              live on;
              record all;
              record_path {{RecordDirectory}};
              record_unique on;
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
          server {
            listen 127.0.0.1:{{StatPort}};
            location /stat { rtmp_stat all; }
          }
        }
        """;
}
