namespace Lunora.Worker.Relay;

/// <summary>Relay client log events: paths by name, URLs without keys, errors redacted. Information only when something changes.</summary>
internal static partial class RelayLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Relay}: path {Path} {Change} (forward to {Url})")]
    public static partial void PathChanged(ILogger logger, int relay, string path, string change, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Relay}: path {Path} removed")]
    public static partial void PathRemoved(ILogger logger, int relay, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {Relay}: {Operation} failed ({Status}): {Error}")]
    public static partial void CallFailed(ILogger logger, int relay, string operation, int? status, string error);
}
