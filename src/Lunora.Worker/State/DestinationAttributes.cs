namespace Lunora.Worker.State;

/// <summary>Attribute names of the destinations table; who owns which is in docs/dynamodb-contract.md.</summary>
public static class DestinationAttributes
{
    // Intent and configuration: written by the UI, the Lambda API and the command handler (IIntentWriter).
    public const string Id = "destination_id";
    public const string Name = "name";
    public const string Platform = "platform";
    public const string RtmpUrl = "rtmp_url";
    public const string StreamKeyParam = "stream_key_param";
    public const string PresetId = "preset_id";
    public const string Enabled = "enabled";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string BackupRtmpUrl = "backup_rtmp_url";
    public const string BackupStreamKeyParam = "backup_stream_key_param";
    public const string FailoverEnabled = "failover_enabled";
    public const string ChannelId = "channel_id";
    public const string DesiredState = "desired_state";
    public const string DesiredVersion = "desired_version";
    public const string UrlPreference = "url_preference";
    public const string IntentCommandId = "intent_command_id";
    public const string IntentIssuedAt = "intent_issued_at";

    // Worker-owned: written only by the leader, only with UpdateItem and a condition.
    public const string StreamingStatus = "streaming_status";
    public const string StreamingStartedAt = "streaming_started_at";
    public const string CurrentUrlType = "current_url_type";
    public const string StatusReason = "status_reason";
    public const string ObservedVersion = "observed_version";
    public const string Health = "health";
    public const string LastTransitionAt = "last_transition_at";
    public const string RecentFailovers = "recent_failovers";
    public const string MigratedAt = "migrated_at";

    /// <summary>The lease token of the worker that last wrote the item's worker-owned attributes (fencing).</summary>
    public const string WorkerFencingToken = "worker_fencing_token";
}
