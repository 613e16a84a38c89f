namespace Lunora.Emulator.RealVideo;

/// <summary>How the emulator runs channels for real when <see cref="EmulatorOptions.RealVideo"/> is on.</summary>
public sealed class RealVideoOptions
{
    /// <summary>HLS output groups are written to <c>{HlsFolder}/{channelId}/{groupName}/index.m3u8</c>; null skips them.</summary>
    public string? HlsFolder { get; init; }

    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>MediaLive has no x264 preset; veryfast keeps 1080p30 real time on two cores.</summary>
    public string X264Preset { get; init; } = "veryfast";

    /// <summary>ffmpeg's <c>-rw_timeout</c> on the input: how long a silent input is waited for before the encoder restarts.</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the supervisor compares running channels with running encoders.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
