namespace Lunora.Worker.State;

/// <summary>Keys and attribute names of the worker table (hash key <c>pk</c>); see docs/dynamodb-contract.md.</summary>
public static class WorkerAttributes
{
    public const string Pk = "pk";
    public const string ExpiresAt = "expires_at";
    public const string Paused = "paused";
    public const string UpdatedAt = "updated_at";
    public const string Holder = "holder";
    public const string FencingToken = "fencing_token";
    public const string AcquiredAt = "acquired_at";
    public const string SessionId = "session_id";

    public static string Command(string commandId) => "command#" + commandId;

    public static string Control(string channelId) => "control#" + channelId;

    public static string Run(string channelId) => "run#" + channelId;

    public static string Interval(string destinationId) => "interval#" + destinationId;

    /// <summary>The destinations of a channel MediaLive refused (one item per channel, map <c>destinations</c>).</summary>
    public static string Rejected(string channelId) => "rejected#" + channelId;
}
