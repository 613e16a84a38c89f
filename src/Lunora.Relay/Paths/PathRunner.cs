using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Lunora.Emulator.RealVideo;

namespace Lunora.Relay.Paths;

/// <summary>
/// A configured path with a <c>source</c>: one <c>ffmpeg -c copy</c> reads the source (the ingest, through the hub)
/// and writes FLV to its stdout; this process fans it out to the path's forwards. The reader is supervised: when it
/// exits (source gone, timeout) it is restarted after a backoff that doubles per failure in a row. ffmpeg's arguments
/// hold only the source URL: destination keys stay in <see cref="ForwardRunner"/>.
/// </summary>
internal sealed class PathRunner : IAsyncDisposable
{
    private readonly RelayOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<FlvTag> _headers = [];
    private List<ForwardRunner> _forwards = [];
    private TaskCompletionSource<StreamRun> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private long _inboundBytes;
    private DateTimeOffset? _readySince;

    public PathRunner(string name, string source, RelayOptions options, ILogger logger)
    {
        Name = name;
        Source = source;
        _options = options;
        _logger = logger;
    }

    public string Name { get; }

    public string Source { get; }

    public long InboundBytes => Interlocked.Read(ref _inboundBytes);

    /// <summary>When the current reader run delivered its first tag; null while the source is not ready.</summary>
    public DateTimeOffset? ReadySince
    {
        get
        {
            lock (_lock)
            {
                return _readySince;
            }
        }
    }

    public IReadOnlyList<ForwardRunner> Forwards
    {
        get
        {
            lock (_lock)
            {
                return [.. _forwards];
            }
        }
    }

    public void Start() => _loop = Task.Run(() => SuperviseAsync(_stop.Token));

    /// <summary>
    /// MediaMTX's forward reload (internal/forward/manager.go): entries are compared position by position; the unchanged
    /// prefix keeps running, the first changed entry and every entry after it restart.
    /// </summary>
    public async Task ReloadForwardsAsync(IReadOnlyList<(string Dest, string? Fingerprint)> wanted)
    {
        List<ForwardRunner> stopping;
        lock (_lock)
        {
            var keep = 0;
            while (keep < _forwards.Count && keep < wanted.Count && _forwards[keep].SameConf(wanted[keep].Dest, wanted[keep].Fingerprint))
            {
                keep++;
            }

            stopping = _forwards.Skip(keep).ToList();
            var next = _forwards.Take(keep).ToList();
            for (var i = keep; i < wanted.Count; i++)
            {
                var forward = new ForwardRunner(Name, i, wanted[i].Dest, wanted[i].Fingerprint, NextRunAsync, _options, _logger);
                next.Add(forward);
                forward.Start();
            }

            _forwards = next;
        }

        foreach (var forward in stopping)
        {
            await forward.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var forward in Forwards)
        {
            await forward.DisposeAsync();
        }

        _stop.Dispose();
    }

    private Task<StreamRun> NextRunAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return _ready.Task.WaitAsync(ct);
        }
    }

    private async Task SuperviseAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var delivered = await ReadOnceAsync(ct);
            failures = delivered ? 0 : failures + 1;
            var delay = Backoff(failures);
            RelayLog.ReaderExited(_logger, Name, failures, delay);
            try
            {
                await Task.Delay(delay, _options.TimeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        return TimeSpan.FromTicks((long)Math.Min(_options.ReaderRestartMax.Ticks, _options.ReaderRestartMin.Ticks * factor));
    }

    /// <summary>One reader process; true when it delivered any tag (a source that was up, so the backoff starts over).</summary>
    private async Task<bool> ReadOnceAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.FfmpegPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-nostdin", "-hide_banner", "-loglevel", "error",
            "-rw_timeout", ((long)_options.SourceTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
            "-i", Source,
            "-map", "0", "-c", "copy",
            "-f", "flv", "-flvflags", "no_duration_filesize", "pipe:1",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            RelayLog.ReaderFailed(_logger, Name, $"{_options.FfmpegPath}: {error.Message}");
            return false;
        }

        RelayLog.ReaderStarted(_logger, Name, process.Id);
        var stderr = Task.Run(() => DrainErrorsAsync(process), CancellationToken.None);
        using var runEnded = new CancellationTokenSource();
        var delivered = false;
        using (ct.Register(() => Kill(process)))
        {
            try
            {
                var reader = new FlvReader(process.StandardOutput.BaseStream);
                while (await reader.ReadAsync(CancellationToken.None) is { } tag)
                {
                    Interlocked.Add(ref _inboundBytes, tag.Data.Length + 11);
                    if (!delivered)
                    {
                        delivered = true;
                        lock (_lock)
                        {
                            _readySince = _options.TimeProvider.GetUtcNow();
                            _ready.TrySetResult(new StreamRun(Headers, runEnded.Token));
                        }
                    }

                    Remember(tag);
                    foreach (var forward in Forwards)
                    {
                        forward.Offer(tag);
                    }
                }
            }
            catch (Exception error) when (error is IOException or InvalidDataException)
            {
                RelayLog.ReaderFailed(_logger, Name, error.Message);
            }
        }

        Kill(process);
        await process.WaitForExitAsync(CancellationToken.None);
        await stderr;
        lock (_lock)
        {
            _readySince = null;
            _headers.Clear();
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<StreamRun>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        await runEnded.CancelAsync();
        return delivered;
    }

    private List<FlvTag> Headers()
    {
        lock (_lock)
        {
            return [.. _headers];
        }
    }

    private void Remember(FlvTag tag)
    {
        if (tag.Type != FlvTag.Script && !tag.IsSequenceHeader)
        {
            return;
        }

        lock (_lock)
        {
            _headers.RemoveAll(h => h.Type == tag.Type && (tag.Type == FlvTag.Script || h.IsSequenceHeader));
            _headers.Add(tag);
        }
    }

    private async Task DrainErrorsAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            RelayLog.ReaderOutput(_logger, Name, line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
    }
}
