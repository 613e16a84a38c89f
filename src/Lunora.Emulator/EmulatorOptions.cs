using Lunora.Emulator.RealVideo;

namespace Lunora.Emulator;

/// <summary>How an <see cref="EmulatorServer"/> is started.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (read it back from <see cref="EmulatorServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seed file (same format as src/Lunora.Emulator/seed/account.json); null uses the embedded seed.</summary>
    public string? SeedPath { get; init; }

    public TransitionProfile Profile { get; init; } = TransitionProfile.Default;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>MediaLive's published API limit: 20 requests/s steady, 40 burst, per account.</summary>
    public bool RateLimitEnabled { get; init; } = true;

    public double RateLimitPerSecond { get; init; } = 20;

    public int RateLimitBurst { get; init; } = 40;

    /// <summary>Seed for the random draws of injected error rates, so a faulty run can be replayed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Framework logs below this level are dropped (quiet in tests).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// Runs RUNNING channels for real with ffmpeg: pull the RTMP push input, encode, push every RTMP output (docs/quality.md).
    /// Needs real time (TimeProvider.System) and ffmpeg on the PATH. Off by default.
    /// </summary>
    public bool RealVideo { get; init; }

    public RealVideoOptions Video { get; init; } = new();
}
