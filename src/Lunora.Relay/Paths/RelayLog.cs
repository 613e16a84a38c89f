namespace Lunora.Relay.Paths;

/// <summary>Log events of the stand-in. Forwards are logged by path, position and URL without the key; never the dest as configured.</summary>
internal static partial class RelayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: path {Path} reader started (pid {Pid})")]
    public static partial void ReaderStarted(ILogger logger, string path, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: path {Path} reader ended ({Failures} failed runs in a row); restarting in {Delay}")]
    public static partial void ReaderExited(ILogger logger, string path, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: path {Path} cannot read its source: {Reason}")]
    public static partial void ReaderFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relay: path {Path} ffmpeg: {Line}")]
    public static partial void ReaderOutput(ILogger logger, string path, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: path {Path} forward {Position} to {Url} forwarding")]
    public static partial void ForwardConnected(ILogger logger, string path, int position, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: path {Path} forward {Position} to {Url} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, string path, int position, string url, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: path {Path} configuration {Change}")]
    public static partial void PathChanged(ILogger logger, string path, string change);
}
