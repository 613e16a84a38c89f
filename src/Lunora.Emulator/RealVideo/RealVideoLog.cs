namespace Lunora.Emulator.RealVideo;

/// <summary>Log events of the real-video mode. Targets are logged by group, pipeline and URL: never the stream name.</summary>
internal static partial class RealVideoLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Real video: channel {ChannelId} encoder started (pid {Pid}) for {Targets} RTMP targets and {Hls} HLS groups")]
    public static partial void EncoderStarted(ILogger logger, string channelId, int pid, int targets, int hls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Real video: channel {ChannelId} encoder exited with {ExitCode}")]
    public static partial void EncoderExited(ILogger logger, string channelId, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Real video: channel {ChannelId} cannot run: {Reason}")]
    public static partial void CannotRun(ILogger logger, string channelId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Real video: channel {ChannelId} ffmpeg: {Line}")]
    public static partial void EncoderOutput(ILogger logger, string channelId, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Real video: output {Target} connected")]
    public static partial void OutputConnected(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Real video: output {Target} failed ({Error}); retrying")]
    public static partial void OutputFailed(ILogger logger, string target, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Real video: supervising channels failed")]
    public static partial void SupervisorFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Real video: channel {ChannelId} stopped")]
    public static partial void RunStopped(ILogger logger, string channelId);
}
