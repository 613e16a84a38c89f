using System.Buffers.Binary;

namespace Lunora.Emulator.RealVideo;

/// <summary>Reads the FLV byte stream ffmpeg writes to its stdout, one tag at a time.</summary>
internal sealed class FlvReader(Stream stream)
{
    private bool _headerRead;

    /// <summary>The next tag, or null at the end of the stream.</summary>
    public async Task<FlvTag?> ReadAsync(CancellationToken ct)
    {
        if (!_headerRead)
        {
            var header = new byte[9];
            if (!await FillAsync(header, ct))
            {
                return null;
            }

            if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V')
            {
                throw new InvalidDataException("The encoder output is not FLV.");
            }

            var skip = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) - 9 + 4;
            if (!await FillAsync(new byte[skip], ct))
            {
                return null;
            }

            _headerRead = true;
        }

        var tagHeader = new byte[11];
        if (!await FillAsync(tagHeader, ct))
        {
            return null;
        }

        var size = (tagHeader[1] << 16) | (tagHeader[2] << 8) | tagHeader[3];
        var timestamp = (uint)((tagHeader[7] << 24) | (tagHeader[4] << 16) | (tagHeader[5] << 8) | tagHeader[6]);
        var data = new byte[size];
        var trailer = new byte[4];
        if (!await FillAsync(data, ct) || !await FillAsync(trailer, ct))
        {
            return null;
        }

        return new FlvTag((byte)(tagHeader[0] & 0x1f), timestamp, data);
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
