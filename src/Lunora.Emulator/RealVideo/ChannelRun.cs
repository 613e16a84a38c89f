using System.ComponentModel;
using System.Diagnostics;

namespace Lunora.Emulator.RealVideo;

/// <summary>
/// One RUNNING span of one channel: a single ffmpeg encode (restarted while the channel runs if it exits, e.g. when
/// the input is silent), its FLV fanned out to one <see cref="OutputPump"/> per RTMP output and pipeline.
/// </summary>
internal sealed class ChannelRun : IAsyncDisposable
{
    private static readonly TimeSpan EncoderRestartDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(3);

    private readonly ChannelSnapshot _channel;
    private readonly EncoderPlan _plan;
    private readonly RealVideoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<OutputPump> _pumps;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _headerLock = new();
    private readonly List<Task> _tasks = [];
    private FlvTag? _metadata;
    private FlvTag? _videoHeader;
    private FlvTag? _audioHeader;

    public ChannelRun(ChannelSnapshot channel, RealVideoOptions options, TimeProvider time, Action<RtmpTarget, bool> reachability, ILogger logger)
    {
        _channel = channel;
        _options = options;
        _time = time;
        _logger = logger;
        _plan = EncoderPlan.From(channel, options);
        _pumps = [.. _plan.Targets.Select(t => new OutputPump(t, options, time, reachability, logger))];
    }

    public DateTimeOffset RunStart => _channel.RunStart;

    public IReadOnlyList<OutputPump> Pumps => _pumps;

    /// <summary>How many encoder processes this run has started (1 unless the input went silent).</summary>
    public int EncoderStarts { get; private set; }

    public void Start()
    {
        foreach (var hls in _plan.Hls)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(hls.Playlist)!);
        }

        _tasks.AddRange(_pumps.Select(p => Task.Run(() => p.RunAsync(Headers, _stop.Token))));
        _tasks.Add(Task.Run(() => EncodeLoopAsync(_stop.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        foreach (var pump in _pumps)
        {
            pump.Forget();
        }

        _stop.Dispose();
        RealVideoLog.RunStopped(_logger, _channel.ChannelId);
    }

    private List<FlvTag> Headers()
    {
        lock (_headerLock)
        {
            return [.. new[] { _metadata, _videoHeader, _audioHeader }.OfType<FlvTag>()];
        }
    }

    private async Task EncodeLoopAsync(CancellationToken ct)
    {
        uint offset = 0;
        while (!ct.IsCancellationRequested)
        {
            var last = await EncodeOnceAsync(offset, ct);
            if (last is { } ts)
            {
                // Keep timestamps rising across encoder restarts, as a live channel's output does.
                offset = ts + 40;
            }

            try
            {
                await Task.Delay(EncoderRestartDelay, _time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<uint?> EncodeOnceAsync(uint offset, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.FfmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in _plan.Arguments)
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
            RealVideoLog.CannotRun(_logger, _channel.ChannelId, $"{_options.FfmpegPath}: {error.Message}");
            return null;
        }

        EncoderStarts++;
        RealVideoLog.EncoderStarted(_logger, _channel.ChannelId, process.Id, _plan.Targets.Count, _plan.Hls.Count);
        var stderr = Task.Run(() => DrainErrorsAsync(process), CancellationToken.None);
        uint? last = null;
        using var stopping = ct.Register(() => _ = StopEncoderAsync(process));
        try
        {
            var reader = new FlvReader(process.StandardOutput.BaseStream);
            while (await reader.ReadAsync(CancellationToken.None) is { } tag)
            {
                var shifted = tag with { Timestamp = tag.Timestamp + offset };
                last = shifted.Timestamp;
                Remember(shifted);
                foreach (var pump in _pumps)
                {
                    pump.Offer(shifted);
                }
            }
        }
        catch (Exception error) when (error is IOException or InvalidDataException)
        {
            RealVideoLog.CannotRun(_logger, _channel.ChannelId, error.Message);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        await stderr;
        RealVideoLog.EncoderExited(_logger, _channel.ChannelId, process.ExitCode);
        return last;
    }

    private void Remember(FlvTag tag)
    {
        lock (_headerLock)
        {
            if (tag.Type == FlvTag.Script)
            {
                _metadata = tag;
            }
            else if (tag.IsSequenceHeader)
            {
                if (tag.Type == FlvTag.Video)
                {
                    _videoHeader = tag;
                }
                else
                {
                    _audioHeader = tag;
                }
            }
        }
    }

    private async Task DrainErrorsAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            RealVideoLog.EncoderOutput(_logger, _channel.ChannelId, line);
        }
    }

    /// <summary>'q' lets ffmpeg close the HLS playlist properly; kill it if it does not exit in time.</summary>
    private async Task StopEncoderAsync(Process process)
    {
        try
        {
            await process.StandardInput.WriteAsync('q');
            await process.StandardInput.FlushAsync();
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone.
        }

        try
        {
            using var timeout = new CancellationTokenSource(GracefulStop, _time);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Disposed after a normal exit.
        }
    }
}
