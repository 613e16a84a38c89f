using System.Text.Json.Nodes;

namespace Lunora.Emulator.State;

/// <summary>One emulated channel: its configuration (the members UpdateChannel replaces) and its runtime state.</summary>
internal sealed class ChannelRecord(string id, string arn, string channelClass, JsonObject tags, JsonObject config)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public string ChannelClass { get; } = channelClass;

    public JsonObject Tags { get; } = tags;

    public JsonObject Config { get; set; } = config;

    public string State { get; set; } = "IDLE";

    public DateTimeOffset StateSince { get; set; }

    /// <summary>When the current transitional state ends; null while stable or stuck.</summary>
    public DateTimeOffset? TransitionDue { get; set; }

    /// <summary>The configuration an UpdateChannel is applying; it replaces <see cref="Config"/> when UPDATING ends well.</summary>
    public JsonObject? PendingConfig { get; set; }

    public bool StuckInStarting { get; set; }

    public bool FailNextUpdate { get; set; }

    public List<RunInterval> Runs { get; } = [];

    public List<AlertRecord> Alerts { get; } = [];

    public int NextAlertId { get; set; } = 1;

    /// <summary>Settable metric values by (metric name, pipeline "0"/"1").</summary>
    public Dictionary<(string Metric, string Pipeline), double> MetricValues { get; } = [];

    public int PipelineCount => ChannelClass == "SINGLE_PIPELINE" ? 1 : 2;
}
