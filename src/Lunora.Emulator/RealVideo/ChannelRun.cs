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
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly ChannelSnapshot _channel;
    private readonly EncoderPlan _plan;
    private readonly RealVideoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<OutputPump> _pumps;
    private readonly CancellationTokenSource _stopEncoder = new();
    private readonly CancellationTokenSource _stopOutputs = new();
    private readonly Lock _headerLock = new();
    private readonly List<Task> _pumpTasks = [];
    private Task _encodeTask = Task.CompletedTask;
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

    public void Start()
    {
        foreach (var hls in _plan.Hls)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(hls.Playlist)!);
        }

        _pumpTasks.AddRange(_pumps.Select(p => Task.Run(() => p.RunAsync(Headers, _stopOutputs.Token))));
        _encodeTask = Task.Run(() => EncodeLoopAsync(_stopEncoder.Token));
    }

    /// <summary>
    /// Stops the encoder first ('q' makes ffmpeg flush the frames still in x264's look-ahead), lets the outputs send what
    /// they hold, then closes them: frames that were encoded are not lost to the stop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopEncoder.CancelAsync();
        await _encodeTask;
        await Task.WhenAll(_pumps.Select(p => p.DrainAsync(DrainTimeout)));
        await _stopOutputs.CancelAsync();
        await Task.WhenAll(_pumpTasks);
        foreach (var pump in _pumps)
        {
            pump.Forget();
        }

        _stopEncoder.Dispose();
        _stopOutputs.Dispose();
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
        uint? last = null;
        while (!ct.IsCancellationRequested)
        {
            (last, offset) = await EncodeOnceAsync(last, offset, ct);

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

    /// <summary>One encoder process; returns the last timestamp sent and the offset in use.</summary>
    private async Task<(uint? Last, uint Offset)> EncodeOnceAsync(uint? previous, uint offset, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.FfmpegPath)
        {
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
            return (previous, offset);
        }

        RealVideoLog.EncoderStarted(_logger, _channel.ChannelId, process.Id, _plan.Targets.Count, _plan.Hls.Count);
        var stderr = Task.Run(() => DrainErrorsAsync(process), CancellationToken.None);
        var last = previous;
        var first = true;
        using var stopping = ct.Register(() => _ = StopEncoderAsync(process));
        try
        {
            var reader = new FlvReader(process.StandardOutput.BaseStream);
            while (await reader.ReadAsync(CancellationToken.None) is { } tag)
            {
                var media = tag.Type != FlvTag.Script && !tag.IsSequenceHeader;
                if (media && first && previous is { } prev && tag.Timestamp + offset <= prev)
                {
                    // A restarted source starts its timestamps over: keep the output rising, as a live channel's does.
                    offset = prev + 40 - tag.Timestamp;
                }

                first &= !media;

                // Headers ride at the current position rather than at the 0 the FLV muxer gives them.
                var shifted = tag with { Timestamp = media || last is null ? tag.Timestamp + offset : last.Value };
                if (media)
                {
                    last = shifted.Timestamp;
                }

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
        return (last, offset);
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

    /// <summary>
    /// SIGTERM, not 'q': ffmpeg only reads keys between packets, while a signal also interrupts a blocked input read, and
    /// either way it flushes the encoder and closes the HLS playlist. Killed if it does not exit in time.
    /// </summary>
    private async Task StopEncoderAsync(Process process)
    {
        try
        {
            using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (signal is not null)
            {
                await signal.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(GracefulStop, _time);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
        catch (Exception error) when (error is InvalidOperationException or Win32Exception)
        {
            // Exited already, or no kill(1): fall back to killing it.
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited already.
            }
        }
    }
}
