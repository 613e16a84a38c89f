using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Lunora.Worker.Doctor;

/// <summary>
/// Measures a source from an FLV sample (what OBS sends over RTMP is FLV tags): the timestamps of video keyframes give
/// the real keyframe interval, and the onMetaData script tag the picture size. Reads at most <see cref="MaxBytes"/> or
/// <see cref="MaxKeyframes"/> keyframes, so a live HTTP-FLV stream is sampled, not drained. Only the container is read:
/// no decoding, no stream key involved (the sample is a recording or a playback URL, never the ingest).
/// </summary>
public static class FlvSourceReader
{
    public const int MaxKeyframes = 12;
    public const long MaxBytes = 64L * 1024 * 1024;

    private const byte AudioTag = 8;
    private const byte VideoTag = 9;
    private const byte ScriptTag = 18;

    public static async Task<SourceMeasurement> ReadAsync(Stream flv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flv);
        var header = new byte[9];
        await flv.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V')
        {
            throw new InvalidDataException("not an FLV stream (no FLV signature)");
        }

        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5));
        await SkipAsync(flv, dataOffset - 9 + 4, cancellationToken).ConfigureAwait(false);
        long read = dataOffset + 4;
        var keyframes = new List<long>();
        int? width = null, height = null;
        var tag = new byte[11];
        while (keyframes.Count < MaxKeyframes && read < MaxBytes)
        {
            if (!await TryReadExactlyAsync(flv, tag, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var type = (byte)(tag[0] & 0x1f);
            var size = (tag[1] << 16) | (tag[2] << 8) | tag[3];
            var timestamp = (long)((tag[7] << 24) | (tag[4] << 16) | (tag[5] << 8) | tag[6]);
            var body = new byte[size];
            if (!await TryReadExactlyAsync(flv, body, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            await SkipAsync(flv, 4, cancellationToken).ConfigureAwait(false);
            read += 11 + size + 4;
            if (type == VideoTag && size > 1 && IsKeyframe(body))
            {
                keyframes.Add(timestamp);
            }
            else if (type == ScriptTag && width is null)
            {
                (width, height) = MetadataSize(body);
            }
            else if (type != AudioTag && type != VideoTag && type != ScriptTag)
            {
                throw new InvalidDataException($"unexpected FLV tag type {type}");
            }
        }

        var intervals = keyframes.Zip(keyframes.Skip(1), (a, b) => (b - a) / 1000.0).Where(i => i > 0).Order().ToList();
        return new SourceMeasurement(
            intervals.Count > 0 ? intervals[intervals.Count / 2] : null,
            intervals.Count > 0 ? intervals[^1] : null,
            keyframes.Count,
            width,
            height);
    }

    /// <summary>A video tag that starts a keyframe: frame type 1 in the upper nibble (legacy and enhanced RTMP), not an AVC/HEVC sequence header.</summary>
    private static bool IsKeyframe(byte[] body)
    {
        var enhanced = (body[0] & 0x80) != 0;
        var frameType = (body[0] >> 4) & (enhanced ? 0x07 : 0x0f);
        if (frameType != 1)
        {
            return false;
        }

        // Legacy AVC (codec 7) / HEVC (12): packet type 0 is the decoder configuration, sent with the keyframe flag.
        // Enhanced: packet type in the lower nibble, 0 = sequence start.
        return enhanced ? (body[0] & 0x0f) != 0 : !((body[0] & 0x0f) is 7 or 12 && body[1] == 0);
    }

    // AMF0 onMetaData: a string then an ECMA array; width and height are numbers (doubles).
    private static (int? Width, int? Height) MetadataSize(byte[] body)
    {
        var text = Encoding.ASCII.GetString(body);
        return (Number(body, text, "width"), Number(body, text, "height"));
    }

    private static int? Number(byte[] body, string text, string key)
    {
        // The key as an AMF0 property name: 2-byte length then the name, then marker 0 (number) and 8 bytes.
        var needle = string.Create(CultureInfo.InvariantCulture, $"{(char)0}{(char)key.Length}{key}");
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        var value = at + needle.Length;
        if (at < 0 || value + 9 > body.Length || body[value] != 0)
        {
            return null;
        }

        var number = BinaryPrimitives.ReadDoubleBigEndian(body.AsSpan(value + 1));
        return number is > 0 and < 100_000 ? (int)number : null;
    }

    private static async Task<bool> TryReadExactlyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 4096)];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            count -= n;
        }
    }
}
