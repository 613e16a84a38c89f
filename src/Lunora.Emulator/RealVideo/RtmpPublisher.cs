using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace Lunora.Emulator.RealVideo;

/// <summary>
/// A minimal RTMP publisher (plain handshake, connect, createStream, publish, then audio/video/data messages), so the
/// stream key stays inside this process: ffmpeg never sees it, so it is in no process's arguments.
/// </summary>
internal sealed class RtmpPublisher : IAsyncDisposable
{
    private const int OutChunkSize = 60000;
    private const byte CommandMessage = 20;
    private const byte DataMessage = 18;

    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<int, (int Length, byte Type, uint StreamId, uint Timestamp, MemoryStream Payload)> _inbound = [];
    private readonly CancellationTokenSource _closed = new();
    private NetworkStream _stream = null!;
    private int _inChunkSize = 128;
    private uint _streamId;
    private Task? _readLoop;

    private RtmpPublisher()
    {
    }

    /// <summary>Cancelled when the server closes the connection or sends something we cannot read.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Connects and publishes; throws <see cref="IOException"/> (or a socket error) when the server is unreachable or refuses.</summary>
    public static async Task<RtmpPublisher> ConnectAsync(RtmpTarget target, TimeSpan timeout, CancellationToken ct)
    {
        var uri = new Uri(target.Url);
        var app = uri.AbsolutePath.Trim('/') + uri.Query;
        var publisher = new RtmpPublisher();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await publisher._client.ConnectAsync(uri.Host, uri.Port < 0 ? 1935 : uri.Port, deadline.Token);
            publisher._stream = publisher._client.GetStream();
            await publisher.HandshakeAsync(deadline.Token);
            await publisher.SendAsync(2, 1, 0, 0, BigEndian(OutChunkSize), deadline.Token);
            var properties = new Dictionary<string, object>
            {
                ["app"] = app,
                ["type"] = "nonprivate",
                ["flashVer"] = "FMLE/3.0 (compatible; Lunora emulator)",
                ["tcUrl"] = target.Url,
            };
            await publisher.CommandAsync(3, 0, "connect", 1, [properties], deadline.Token);
            await publisher.ExpectResultAsync(1, deadline.Token);
            await publisher.CommandAsync(3, 0, "releaseStream", 2, [null, target.StreamName], deadline.Token);
            await publisher.CommandAsync(3, 0, "FCPublish", 3, [null, target.StreamName], deadline.Token);
            await publisher.CommandAsync(3, 0, "createStream", 4, [null], deadline.Token);
            var created = await publisher.ExpectResultAsync(4, deadline.Token);
            publisher._streamId = (uint)(created.Count > 3 && created[3] is double id ? id : 1);
            await publisher.CommandAsync(8, publisher._streamId, "publish", 5, [null, target.StreamName, "live"], deadline.Token);
            await publisher.ExpectStatusAsync("NetStream.Publish.Start", deadline.Token);
            publisher._readLoop = Task.Run(publisher.ReadLoopAsync, CancellationToken.None);
            return publisher;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await publisher.DisposeAsync();
            throw new IOException("RTMP connect/publish timed out.");
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one FLV tag as the matching RTMP message (script data gets the <c>@setDataFrame</c> prefix).</summary>
    public Task SendTagAsync(FlvTag tag, CancellationToken ct)
    {
        if (tag.Type == FlvTag.Script)
        {
            using var body = new MemoryStream();
            Amf0.WriteString(body, "@setDataFrame");
            body.Write(tag.Data);
            return SendAsync(5, DataMessage, _streamId, tag.Timestamp, body.ToArray(), ct);
        }

        return SendAsync(tag.Type == FlvTag.Audio ? 4 : 6, tag.Type, _streamId, tag.Timestamp, tag.Data, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        _client.Dispose();
        if (_readLoop is not null)
        {
            await _readLoop;
        }

        _closed.Dispose();
        _writeLock.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var c0c1 = new byte[1537];
        c0c1[0] = 3;
        Random.Shared.NextBytes(c0c1.AsSpan(9));
        await _stream.WriteAsync(c0c1, ct);
        var s0s1s2 = new byte[1 + 1536 + 1536];
        await _stream.ReadExactlyAsync(s0s1s2, ct);
        await _stream.WriteAsync(s0s1s2.AsMemory(1, 1536), ct);
    }

    private async Task CommandAsync(int chunkStream, uint streamId, string name, double transaction, object?[] args, CancellationToken ct)
    {
        using var body = new MemoryStream();
        Amf0.WriteString(body, name);
        Amf0.WriteNumber(body, transaction);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case null:
                    Amf0.WriteNull(body);
                    break;
                case string text:
                    Amf0.WriteString(body, text);
                    break;
                case Dictionary<string, object> members:
                    Amf0.WriteObject(body, members);
                    break;
                default:
                    throw new ArgumentException("Unsupported AMF argument.", nameof(args));
            }
        }

        await SendAsync(chunkStream, CommandMessage, streamId, 0, body.ToArray(), ct);
    }

    private async Task<List<object?>> ExpectResultAsync(double transaction, CancellationToken ct)
    {
        while (true)
        {
            var (type, payload) = await ReadMessageAsync(ct);
            if (type != CommandMessage)
            {
                continue;
            }

            var values = Amf0.ReadAll(payload);
            if (values.Count > 1 && values[1] is double txn && txn.Equals(transaction))
            {
                return values[0] as string == "_result"
                    ? values
                    : throw new IOException($"RTMP server answered {values[0]} to command {transaction.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
    }

    private async Task ExpectStatusAsync(string code, CancellationToken ct)
    {
        while (true)
        {
            var (type, payload) = await ReadMessageAsync(ct);
            if (type != CommandMessage)
            {
                continue;
            }

            var values = Amf0.ReadAll(payload);
            if (values.Count > 0 && values[0] as string is "onStatus" or "_error")
            {
                var info = values.OfType<Dictionary<string, object?>>().LastOrDefault();
                var got = info?.GetValueOrDefault("code") as string;
                if (got == code)
                {
                    return;
                }

                if (values[0] as string == "_error" || info?.GetValueOrDefault("level") as string == "error")
                {
                    throw new IOException($"RTMP server refused to publish: {got}.");
                }
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await ReadMessageAsync(_closed.Token);
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            // The connection is gone either way; the pump sees Closed and reconnects.
        }
        finally
        {
            try
            {
                await _closed.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed by DisposeAsync.
            }
        }
    }

    /// <summary>Reads one whole message, handling the protocol-control ones (chunk size, ping) on the way.</summary>
    private async Task<(byte Type, byte[] Payload)> ReadMessageAsync(CancellationToken ct)
    {
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one, ct);
            var format = one[0] >> 6;
            var csid = one[0] & 0x3f;
            if (csid < 2)
            {
                var extra = new byte[csid + 1];
                await _stream.ReadExactlyAsync(extra, ct);
                csid = 64 + extra[0] + (csid == 1 ? extra[1] * 256 : 0);
            }

            _inbound.TryGetValue(csid, out var state);
            var header = new byte[format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 }];
            await _stream.ReadExactlyAsync(header, ct);
            uint timestampField = header.Length >= 3 ? (uint)((header[0] << 16) | (header[1] << 8) | header[2]) : 0;
            if (timestampField == 0xFFFFFF)
            {
                var ext = new byte[4];
                await _stream.ReadExactlyAsync(ext, ct);
            }

            if (format <= 1)
            {
                state.Length = (header[3] << 16) | (header[4] << 8) | header[5];
                state.Type = header[6];
            }

            if (format == 0)
            {
                state.StreamId = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(7));
            }

            state.Payload ??= new MemoryStream();
            var remaining = state.Length - (int)state.Payload.Length;
            var chunk = new byte[Math.Min(remaining, _inChunkSize)];
            await _stream.ReadExactlyAsync(chunk, ct);
            state.Payload.Write(chunk);
            if (state.Payload.Length < state.Length)
            {
                _inbound[csid] = state;
                continue;
            }

            var payload = state.Payload.ToArray();
            state.Payload = new MemoryStream();
            _inbound[csid] = state;
            switch (state.Type)
            {
                case 1:
                    _inChunkSize = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff);
                    continue;
                case 4 when payload.Length >= 6 && BinaryPrimitives.ReadUInt16BigEndian(payload) == 6:
                    var pong = new byte[6];
                    pong[1] = 7;
                    payload.AsSpan(2, 4).CopyTo(pong.AsSpan(2));
                    await SendAsync(2, 4, 0, 0, pong, ct);
                    continue;
                default:
                    return (state.Type, payload);
            }
        }
    }

    private async Task SendAsync(int chunkStream, byte type, uint streamId, uint timestamp, byte[] payload, CancellationToken ct)
    {
        var extended = timestamp >= 0xFFFFFF;
        using var frame = new MemoryStream(payload.Length + 32);
        frame.WriteByte((byte)chunkStream);
        var ts = extended ? 0xFFFFFFu : timestamp;
        frame.Write([(byte)(ts >> 16), (byte)(ts >> 8), (byte)ts]);
        frame.Write([(byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type]);
        Span<byte> le = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(le, streamId);
        frame.Write(le);
        if (extended)
        {
            frame.Write(BigEndian((int)timestamp));
        }

        var chunkSize = type == 1 && chunkStream == 2 ? 128 : OutChunkSize;
        for (var offset = 0; offset < payload.Length; offset += chunkSize)
        {
            if (offset > 0)
            {
                frame.WriteByte((byte)(0xC0 | chunkStream));
                if (extended)
                {
                    frame.Write(BigEndian((int)timestamp));
                }
            }

            frame.Write(payload.AsSpan(offset, Math.Min(chunkSize, payload.Length - offset)));
        }

        await _writeLock.WaitAsync(ct);
        try
        {
            await _stream.WriteAsync(frame.GetBuffer().AsMemory(0, (int)frame.Length), ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
