using System.Net.Sockets;
using System.Threading.Channels;

namespace Lunora.Emulator.RealVideo;

/// <summary>
/// Sends the encoded stream to one <see cref="RtmpTarget"/> and keeps doing so: a refused or dropped connection marks the
/// target unreachable (the emulator's alert and ActiveOutputs follow), then it reconnects every connectionRetryInterval,
/// pausing restartDelay after numRetries failures in a row, like a MediaLive RTMP output.
/// </summary>
internal sealed class OutputPump(RtmpTarget target, RealVideoOptions options, TimeProvider time, Action<RtmpTarget, bool> reachability, ILogger logger)
{
    private readonly Channel<FlvTag> _queue = Channel.CreateBounded<FlvTag>(new BoundedChannelOptions(2048) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _streaming;
    private bool? _reachable;

    /// <summary>Offered by the fan-out; dropped while the target is not connected, as a live encoder would.</summary>
    public void Offer(FlvTag tag)
    {
        if (_streaming)
        {
            _queue.Writer.TryWrite(tag);
        }
    }

    public async Task RunAsync(Func<IReadOnlyList<FlvTag>> headers, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var publisher = await RtmpPublisher.ConnectAsync(target, options.ConnectTimeout, ct);
                Report(true);
                failures = 0;
                await StreamAsync(publisher, headers(), ct);
            }
            catch (Exception error) when (!ct.IsCancellationRequested && error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                RealVideoLog.OutputFailed(logger, target.ToString(), error.GetType().Name);
                Report(false);
                failures++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            finally
            {
                _streaming = false;
                while (_queue.Reader.TryRead(out _))
                {
                }
            }

            if (ct.IsCancellationRequested)
            {
                break;
            }

            var wait = failures > 0 && failures % Math.Max(1, target.NumRetries) == 0 ? target.RestartDelay : target.ConnectionRetryInterval;
            try
            {
                await Task.Delay(wait, time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task StreamAsync(RtmpPublisher publisher, IReadOnlyList<FlvTag> headers, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, publisher.Closed);
        foreach (var header in headers)
        {
            await publisher.SendTagAsync(header, linked.Token);
        }

        // A (re)joining receiver can only decode from a keyframe; audio may flow meanwhile.
        var waitForKeyframe = true;
        _streaming = true;
        try
        {
            await foreach (var tag in _queue.Reader.ReadAllAsync(linked.Token))
            {
                if (tag.Type == FlvTag.Video && !tag.IsSequenceHeader)
                {
                    if (waitForKeyframe && !tag.IsVideoKeyframe)
                    {
                        continue;
                    }

                    waitForKeyframe = false;
                }

                await publisher.SendTagAsync(tag, linked.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IOException("The RTMP server closed the connection.");
        }
    }

    private void Report(bool reachable)
    {
        if (_reachable != reachable)
        {
            _reachable = reachable;
            reachability(target, reachable);
            if (reachable)
            {
                RealVideoLog.OutputConnected(logger, target.ToString());
            }
        }
    }

    /// <summary>Waits until the tags already queued are sent (or the target is not streaming), at most <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = time.GetTimestamp();
        while (_streaming && _queue.Reader.Count > 0 && time.GetElapsedTime(deadline) < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }
    }

    /// <summary>Called once the run ends: an output we marked unreachable is reachable again for the next run.</summary>
    public void Forget()
    {
        if (_reachable == false)
        {
            reachability(target, true);
        }
    }
}
