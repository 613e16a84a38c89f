namespace Lunora.Relay;

/// <summary>How a <see cref="RelayServer"/> is started.</summary>
public sealed class RelayOptions
{
    /// <summary>Control API port on 127.0.0.1 (MediaMTX's is 9997); 0 picks a free one (read <see cref="RelayServer.ApiAddress"/>).</summary>
    public int ApiPort { get; init; }

    /// <summary>RTMP ingest port of the nginx-rtmp hub on 127.0.0.1; 0 picks a free one (read <see cref="RelayServer.IngestPort"/>).</summary>
    public int IngestPort { get; init; }

    /// <summary>Users allowed to call the API. Empty refuses every call: MediaMTX's API is never open here.</summary>
    public IReadOnlyList<RelayUser> ApiUsers { get; init; } = [];

    /// <summary>Folder for the hub's configuration and logs; null uses a new temporary folder, removed on dispose.</summary>
    public string? WorkDirectory { get; init; }

    public string FfmpegPath { get; init; } = RelayTools.Find("ffmpeg") ?? "ffmpeg";

    public string NginxPath { get; init; } = RelayTools.Find("nginx") ?? "nginx";

    public string RtmpModule { get; init; } = RelayTools.RtmpModule;

    /// <summary>MediaMTX retries a failed forward every 5 s (<c>retryPause</c>, internal/forward/dest_handler.go).</summary>
    public TimeSpan ForwardRetryPause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before a path's reader (ffmpeg) is restarted; doubled per failure in a row up to <see cref="ReaderRestartMax"/>.</summary>
    public TimeSpan ReaderRestartMin { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReaderRestartMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>ffmpeg's <c>-rw_timeout</c>: a source silent this long ends the reader (and the path is not ready until it returns).</summary>
    public TimeSpan SourceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Framework logs below this level are dropped (quiet in tests).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}
