using System.Buffers.Binary;
using System.Text;

namespace Lunora.Emulator.RealVideo;

/// <summary>The few AMF0 values an RTMP publisher sends and reads back (numbers, booleans, strings, objects, null).</summary>
internal static class Amf0
{
    public static void WriteNumber(Stream s, double value)
    {
        Span<byte> b = stackalloc byte[9];
        b[0] = 0x00;
        BinaryPrimitives.WriteDoubleBigEndian(b[1..], value);
        s.Write(b);
    }

    public static void WriteBoolean(Stream s, bool value)
    {
        s.WriteByte(0x01);
        s.WriteByte(value ? (byte)1 : (byte)0);
    }

    public static void WriteString(Stream s, string value)
    {
        s.WriteByte(0x02);
        WriteUtf8(s, value);
    }

    public static void WriteNull(Stream s) => s.WriteByte(0x05);

    public static void WriteObject(Stream s, IEnumerable<KeyValuePair<string, object>> members)
    {
        s.WriteByte(0x03);
        foreach (var (key, value) in members)
        {
            WriteUtf8(s, key);
            switch (value)
            {
                case string text:
                    WriteString(s, text);
                    break;
                case bool flag:
                    WriteBoolean(s, flag);
                    break;
                default:
                    WriteNumber(s, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        s.Write([0, 0, 9]);
    }

    /// <summary>Reads every value of a command message; objects become dictionaries, unknown markers stop the read.</summary>
    public static List<object?> ReadAll(ReadOnlySpan<byte> data)
    {
        var values = new List<object?>();
        var offset = 0;
        while (offset < data.Length)
        {
            if (!TryRead(data, ref offset, out var value))
            {
                break;
            }

            values.Add(value);
        }

        return values;
    }

    private static bool TryRead(ReadOnlySpan<byte> data, ref int offset, out object? value)
    {
        value = null;
        var marker = data[offset++];
        switch (marker)
        {
            case 0x00:
                value = BinaryPrimitives.ReadDoubleBigEndian(data.Slice(offset, 8));
                offset += 8;
                return true;
            case 0x01:
                value = data[offset++] != 0;
                return true;
            case 0x02:
                value = ReadUtf8(data, ref offset);
                return true;
            case 0x03:
            case 0x08:
                if (marker == 0x08)
                {
                    offset += 4;
                }

                var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (offset + 3 <= data.Length)
                {
                    if (data[offset] == 0 && data[offset + 1] == 0 && data[offset + 2] == 9)
                    {
                        offset += 3;
                        break;
                    }

                    var key = ReadUtf8(data, ref offset);
                    if (!TryRead(data, ref offset, out var member))
                    {
                        return false;
                    }

                    members[key] = member;
                }

                value = members;
                return true;
            case 0x05:
            case 0x06:
                return true;
            default:
                return false;
        }
    }

    private static void WriteUtf8(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        s.Write(length);
        s.Write(bytes);
    }

    private static string ReadUtf8(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset, 2));
        offset += 2;
        var text = Encoding.UTF8.GetString(data.Slice(offset, length));
        offset += length;
        return text;
    }
}
