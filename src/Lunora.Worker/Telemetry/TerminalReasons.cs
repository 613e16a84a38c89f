using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// The bounded <c>lunora.reason</c> of a terminal reconcile error. The error's message stays in the log and the
/// destination's status: it is free text from AWS or our code and must never become a metric series.
/// </summary>
public static class TerminalReasons
{
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string Invalid = "invalid";
    public const string UnmanagedChange = "unmanaged_change";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [NotFound, Forbidden, Invalid, UnmanagedChange, Other];

    public static string Of(Exception? error) => error switch
    {
        AwsNotFoundException => NotFound,
        AwsForbiddenException => Forbidden,
        AwsBadRequestException or AwsUnprocessableEntityException => Invalid,
        UnmanagedChangeException => UnmanagedChange,
        _ => Other,
    };
}
