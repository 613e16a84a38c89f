using System.Net.Sockets;
using System.Threading.Channels;
using Lunora.Emulator.RealVideo;

namespace Lunora.Relay.Paths;

/// <summary>
/// One entry of a path's <c>forward</c> list: while the path's stream is ready it keeps one RTMP session to the
/// destination (key inside this process only), counting the bytes it sends; a failure is recorded as <c>error</c> with
/// its reason and retried after the retry pause, as MediaMTX's dest handler does.
/// </summary>
internal sealed class ForwardRunner : IAsyncDisposable
{
    private readonly Channel<FlvTag> _queue = Channel.CreateBounded<FlvTag>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Func<CancellationToken, Task<StreamRun>> _nextRun;
    private readonly RelayOptions _options;
    private readonly ILogger _logger;
    private readonly string _pathName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _streaming;
    private long _outboundBytes;
    private ForwardState _state = ForwardState.Idle;
    private string _lastError = "";

    public ForwardRunner(string pathName, int position, string dest, string? destFingerprint, Func<CancellationToken, Task<StreamRun>> nextRun, RelayOptions options, ILogger logger)
    {
        _pathName = pathName;
        Position = position;
        Dest = dest;
        DestFingerprint = destFingerprint;
        _nextRun = nextRun;
        _options = options;
        _logger = logger;
        Created = options.TimeProvider.GetUtcNow();
        // The API refused any dest that does not parse before a runner is made.
        Destination = ForwardDestination.TryParse(dest, out var destination, out var error) ? destination! : throw new ArgumentException(error, nameof(dest));
    }

    public Guid Id { get; } = Guid.NewGuid();

    public int Position { get; }

    /// <summary>As configured, key included: served only to authenticated API callers, as MediaMTX does, and never logged.</summary>
    public string Dest { get; }

    public string? DestFingerprint { get; }

    public DateTimeOffset Created { get; }

    public ForwardDestination Destination { get; }

    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    public (ForwardState State, string LastError) Status
    {
        get
        {
            lock (_lock)
            {
                return (_state, _lastError);
            }
        }
    }

    public bool SameConf(string dest, string? destFingerprint) =>
        string.Equals(Dest, dest, StringComparison.Ordinal) && string.Equals(DestFingerprint, destFingerprint, StringComparison.Ordinal);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Offered by the path's reader; dropped while this forward is not connected, as a live relay would.</summary>
    public void Offer(FlvTag tag)
    {
        if (_streaming)
        {
            _queue.Writer.TryWrite(tag);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            StreamRun run;
            try
            {
                run = await _nextRun(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, run.Ended);
            try
            {
                await using var publisher = await RtmpPublisher.ConnectAsync(
                    new RtmpTarget(_pathName, Position, Destination.Url, Destination.StreamName, TimeSpan.Zero, 1, TimeSpan.Zero),
                    _options.ConnectTimeout,
                    linked.Token);
                SetState(ForwardState.Forwarding, "");
                RelayLog.ForwardConnected(_logger, _pathName, Position, Destination.ToString());
                await StreamAsync(publisher, run, linked.Token);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // The stream ended or the forward was removed: nothing failed.
            }
            catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or InvalidDataException)
            {
                // Socket and RTMP errors name the host at most; the key is scrubbed anyway in case a server echoes it.
                var reason = Redact(error.Message);
                SetState(ForwardState.Error, reason);
                RelayLog.ForwardFailed(_logger, _pathName, Position, Destination.ToString(), reason);
                try
                {
                    await Task.Delay(_options.ForwardRetryPause, _options.TimeProvider, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }
            finally
            {
                _streaming = false;
                while (_queue.Reader.TryRead(out _))
                {
                }
            }

            SetState(ForwardState.Idle, Status.LastError);
        }
    }

    private async Task StreamAsync(RtmpPublisher publisher, StreamRun run, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, publisher.Closed);
        foreach (var header in run.Headers())
        {
            await SendAsync(publisher, header, linked.Token);
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

                await SendAsync(publisher, tag, linked.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IOException("the destination closed the connection");
        }
    }

    private async Task SendAsync(RtmpPublisher publisher, FlvTag tag, CancellationToken ct)
    {
        await publisher.SendTagAsync(tag, ct);
        // Payload plus the FLV tag header it travelled in: close to, not exactly, the bytes on the wire.
        Interlocked.Add(ref _outboundBytes, tag.Data.Length + 11);
    }

    private string Redact(string message) =>
        Destination.StreamName.Length == 0 ? message : message.Replace(Destination.StreamName, "[key]", StringComparison.Ordinal);

    private void SetState(ForwardState state, string lastError)
    {
        lock (_lock)
        {
            _state = state;
            _lastError = lastError;
        }
    }
}
