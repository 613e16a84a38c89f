namespace Lunora.Emulator.RealVideo;

/// <summary>An HLS output group written to a local folder instead of its S3/MediaStore destination.</summary>
internal sealed record HlsTarget(string GroupName, string Playlist, int SegmentSeconds);
