namespace Lunora.Emulator.RealVideo;

/// <summary>One FLV tag as ffmpeg wrote it: type 8 audio, 9 video, 18 script data; timestamp in milliseconds.</summary>
internal sealed record FlvTag(byte Type, uint Timestamp, byte[] Data)
{
    public const byte Audio = 8;
    public const byte Video = 9;
    public const byte Script = 18;

    public bool IsVideoKeyframe => Type == Video && Data.Length > 0 && Data[0] >> 4 == 1;

    /// <summary>AVC decoder configuration record or AAC AudioSpecificConfig: a receiver needs it before any frame.</summary>
    public bool IsSequenceHeader => Data.Length > 1 && Data[1] == 0
        && ((Type == Video && (Data[0] & 0x0f) == 7) || (Type == Audio && Data[0] >> 4 == 10));
}
