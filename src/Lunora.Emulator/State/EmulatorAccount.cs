using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lunora.Emulator.Api;
using Lunora.Emulator.Model;
using Lunora.Emulator.RealVideo;

namespace Lunora.Emulator.State;

/// <summary>
/// The emulated account: channels, inputs, destination reachability and metrics. State advances lazily: every call
/// first applies the transitions that fell due at their exact due time, so a FakeTimeProvider drives it deterministically.
/// </summary>
internal sealed partial class EmulatorAccount
{
    public const string FailedRtmpConnection = "Failed RTMP Connection";

    /// <summary>The account's EventBridge rules (only ListTargetsByRule is emulated; tests put them).</summary>
    public EventRuleStore EventRules { get; } = new();

    private static readonly TimeSpan ClearedAlertRetention = TimeSpan.FromMinutes(5);

    private static readonly string[] UpdatableMembers =
    [
        "name", "destinations", "encoderSettings", "inputAttachments", "inputSpecification", "logLevel", "maintenance", "roleArn",
        "cdiInputSpecification", "channelEngineVersion", "anywhereSettings", "linkedChannelSettings", "channelSecurityGroups",
        "inferenceSettings", "specialRouterSettings",
    ];

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ModelValidator _validator = new(ServiceModel.MediaLive);
    private readonly Dictionary<string, ChannelRecord> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(DateTimeOffset At, bool Reachable)>> _reachability = new(StringComparer.OrdinalIgnoreCase);
    private string _accountId = "111122223333";
    private string _region = "us-west-2";

    public EmulatorAccount(TimeProvider time, TransitionProfile profile)
    {
        _time = time;
        Profile = profile;
    }

    public TransitionProfile Profile { get; set; }

    public void Load(JsonObject seed)
    {
        lock (_gate)
        {
            _channels.Clear();
            _rejectedUrls.Clear();
            _inputs.Clear();
            _reachability.Clear();
            _accountId = (string?)seed["accountId"] ?? "111122223333";
            _region = (string?)seed["region"] ?? "us-west-2";
            var now = _time.GetUtcNow();
            foreach (var node in seed["channels"] as JsonArray ?? [])
            {
                var body = node!.AsObject().DeepClone().AsObject();
                var id = (string)body["id"]!;
                var channelClass = (string?)body["channelClass"] ?? "STANDARD";
                var state = (string?)body["state"] ?? "IDLE";
                var arn = (string?)body["arn"] ?? $"arn:aws:medialive:{_region}:{_accountId}:channel:{id}";
                var tags = body["tags"]?.DeepClone() as JsonObject ?? [];
                foreach (var key in new[] { "id", "arn", "channelClass", "state", "tags", "egressEndpoints", "pipelineDetails", "pipelinesRunningCount" })
                {
                    body.Remove(key);
                }

                var channel = new ChannelRecord(id, arn, channelClass, tags, body) { StateSince = now };
                if (state == "RUNNING")
                {
                    channel.State = "RUNNING";
                    channel.Runs.Add(new RunInterval(now));
                }

                _channels[id] = channel;
            }

            foreach (var node in seed["inputs"] as JsonArray ?? [])
            {
                var input = node!.AsObject().DeepClone().AsObject();
                _inputs[(string)input["id"]!] = input;
            }
        }
    }

    public JsonObject DescribeChannel(string id)
    {
        lock (_gate)
        {
            return Render(Get(id), summary: false);
        }
    }

    public JsonObject ListChannels(int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var all = _channels.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            var (page, next) = Paginate(all, maxResults, nextToken);
            var result = new JsonObject { ["channels"] = new JsonArray([.. page.Select(c => (JsonNode)Render(c, summary: true))]) };
            if (next is not null)
            {
                result["nextToken"] = next;
            }

            return result;
        }
    }

    public JsonObject UpdateChannel(string id, JsonObject body)
    {
        lock (_gate)
        {
            var channel = Get(id);
            var errors = _validator.ValidateRequest(body, "UpdateChannelRequest");
            if (errors.Count == 0)
            {
                errors = ChannelRules.Validate(body, channel.ChannelClass);
            }

            if (errors.Count == 0)
            {
                errors = RejectedUrlErrors(body);
            }

            if (errors.Count > 0)
            {
                throw ApiException.Unprocessable(errors);
            }

            if (channel.State is not ("IDLE" or "UPDATE_FAILED"))
            {
                throw ApiException.Conflict($"Channel {id} is {channel.State}; it can only be updated when IDLE.");
            }

            var config = channel.Config.DeepClone().AsObject();
            foreach (var member in UpdatableMembers)
            {
                if (body[member] is { } value)
                {
                    config[member] = value.DeepClone();
                }
            }

            // The model documents it: an update without roleArn removes the role.
            if (body["roleArn"] is null)
            {
                config.Remove("roleArn");
            }

            if (body["dryRun"] is JsonValue dry && dry.TryGetValue<bool>(out var isDryRun) && isDryRun)
            {
                var preview = Render(channel, summary: false);
                foreach (var (key, value) in config)
                {
                    preview[key] = value?.DeepClone();
                }

                return new JsonObject { ["channel"] = preview };
            }

            channel.PendingConfig = config;
            Enter(channel, "UPDATING", _time.GetUtcNow(), Profile.Update);
            var rendered = Render(channel, summary: false);
            foreach (var (key, value) in config)
            {
                rendered[key] = value?.DeepClone();
            }

            if (body["roleArn"] is null)
            {
                rendered.Remove("roleArn");
            }

            return new JsonObject { ["channel"] = rendered };
        }
    }

    public JsonObject StartChannel(string id)
    {
        lock (_gate)
        {
            var channel = Get(id);
            if (channel.State != "IDLE")
            {
                throw ApiException.Conflict($"Channel {id} is {channel.State}; it can only be started when IDLE.");
            }

            var now = _time.GetUtcNow();
            channel.Alerts.Clear();
            channel.NextAlertId = 1;
            Enter(channel, "STARTING", now, channel.StuckInStarting ? null : Profile.Start);
            return Render(channel, summary: false);
        }
    }

    public JsonObject StopChannel(string id)
    {
        lock (_gate)
        {
            var channel = Get(id);
            if (channel.State is not ("RUNNING" or "STARTING" or "RECOVERING"))
            {
                throw ApiException.Conflict($"Channel {id} is {channel.State}; it can only be stopped when STARTING or RUNNING.");
            }

            var now = _time.GetUtcNow();
            EndRun(channel, now);
            Enter(channel, "STOPPING", now, Profile.Stop);
            return Render(channel, summary: false);
        }
    }

    public JsonObject DescribeInput(string id)
    {
        lock (_gate)
        {
            AdvanceAll();
            if (!_inputs.TryGetValue(id, out var stored))
            {
                throw ApiException.NotFound($"Input {id} not found");
            }

            var input = stored.DeepClone().AsObject();
            var attached = _channels.Values
                .Where(c => (c.Config["inputAttachments"] as JsonArray ?? []).Any(a => (string?)a?["inputId"] == id))
                .Select(c => (JsonNode)c.Id)
                .ToArray();
            input["arn"] = $"arn:aws:medialive:{_region}:{_accountId}:input:{id}";
            input["attachedChannels"] = new JsonArray(attached);
            input["state"] = attached.Length > 0 ? "ATTACHED" : "DETACHED";
            return input;
        }
    }

    public JsonObject ListAlerts(string id, string? stateFilter, int? maxResults, string? nextToken)
    {
        lock (_gate)
        {
            var channel = Get(id);
            var filter = (stateFilter ?? "ALL").ToUpperInvariant();
            if (filter is not ("ALL" or "SET" or "CLEARED"))
            {
                throw ApiException.BadRequest($"stateFilter must be SET, CLEARED or ALL, got '{stateFilter}'.");
            }

            var alerts = channel.Alerts
                .Where(a => filter == "ALL" || (filter == "SET") == (a.ClearedAt is null))
                .OrderBy(a => a.SetAt)
                .ToList();
            var (page, next) = Paginate(alerts, maxResults, nextToken);
            var result = new JsonObject { ["alerts"] = new JsonArray([.. page.Select(a => (JsonNode)RenderAlert(a))]) };
            if (next is not null)
            {
                result["nextToken"] = next;
            }

            return result;
        }
    }

    public void SetReachable(string url, bool reachable)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            AdvanceAll();
            var key = NormalizeUrl(url);
            if (!_reachability.TryGetValue(key, out var history))
            {
                history = [];
                _reachability[key] = history;
            }

            history.Add((now, reachable));
            foreach (var channel in _channels.Values.Where(c => c.State == "RUNNING"))
            {
                EvaluateAlerts(channel, now);
            }
        }
    }

    /// <summary>RUNNING channels with their run start and the URL of their input's first push destination (real-video mode).</summary>
    public IReadOnlyList<ChannelSnapshot> RunningChannels()
    {
        lock (_gate)
        {
            AdvanceAll();
            return [.. _channels.Values
                .Where(c => c.State == "RUNNING" && c.Runs.Count > 0)
                .Select(c =>
                {
                    var inputId = (string?)c.Config["inputAttachments"]?[0]?["inputId"];
                    var input = inputId is null ? null : _inputs.GetValueOrDefault(inputId);
                    var url = (string?)input?["destinations"]?[0]?["url"];
                    return new ChannelSnapshot(c.Id, c.ChannelClass, c.Runs[^1].Start, c.Config.DeepClone().AsObject(), url);
                })];
        }
    }

    public void SetChannelFaults(string id, bool? stuckInStarting, bool? failNextUpdate)
    {
        lock (_gate)
        {
            var channel = Get(id);
            if (stuckInStarting is { } stuck)
            {
                channel.StuckInStarting = stuck;
                if (!stuck && channel.State == "STARTING" && channel.TransitionDue is null)
                {
                    channel.TransitionDue = _time.GetUtcNow() + Profile.Start;
                }
            }

            if (failNextUpdate is { } fail)
            {
                channel.FailNextUpdate = fail;
            }
        }
    }

    public void ForceState(string id, string state)
    {
        lock (_gate)
        {
            var channel = Get(id);
            var now = _time.GetUtcNow();
            if (channel.State == "RUNNING" && state != "RUNNING")
            {
                EndRun(channel, now);
            }

            if (state == "RUNNING" && channel.State != "RUNNING")
            {
                channel.Alerts.Clear();
                channel.NextAlertId = 1;
                channel.Runs.Add(new RunInterval(now));
            }

            channel.State = state;
            channel.StateSince = now;
            channel.TransitionDue = null;
            channel.PendingConfig = null;
            if (state == "RUNNING")
            {
                EvaluateAlerts(channel, now);
            }
        }
    }

    public void SetMetric(string id, string metric, string? pipeline, double value)
    {
        lock (_gate)
        {
            var channel = Get(id);
            foreach (var p in pipeline is null ? Enumerable.Range(0, channel.PipelineCount).Select(i => i.ToString(CultureInfo.InvariantCulture)) : [pipeline])
            {
                channel.MetricValues[(metric, p)] = value;
            }
        }
    }

    /// <summary>Datapoints of one AWS/MediaLive metric, one per period bucket in which the channel was running.</summary>
    public IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Datapoints(
        string metricName,
        IReadOnlyDictionary<string, string> dimensions,
        string stat,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan period)
    {
        lock (_gate)
        {
            AdvanceAll();
            var now = _time.GetUtcNow();
            if (!dimensions.TryGetValue("ChannelId", out var channelId) || !_channels.TryGetValue(channelId, out var channel)
                || !dimensions.TryGetValue("Pipeline", out var pipelineText)
                || !int.TryParse(pipelineText, NumberStyles.None, CultureInfo.InvariantCulture, out var pipeline)
                || pipeline >= channel.PipelineCount)
            {
                return [];
            }

            Func<DateTimeOffset, double>? sample = metricName switch
            {
                "ActiveOutputs" when dimensions.Count == 3 && dimensions.TryGetValue("OutputGroupName", out var group) =>
                    ActiveOutputsSampler(channel, group, pipeline),
                "FillMsec" or "DroppedFrames" or "InputVideoFrameRate" or "NetworkIn" or "NetworkOut" or "ActiveAlerts" or "InputLossSeconds" when dimensions.Count == 2 =>
                    SettableSampler(channel, metricName, pipelineText),
                _ => null,
            };
            if (sample is null)
            {
                return [];
            }

            var points = new List<(DateTimeOffset, double)>();
            for (var bucket = start; bucket < end && bucket <= now; bucket += period)
            {
                var bucketEnd = Min(bucket + period, Min(end, now));
                var samples = new List<double>();
                foreach (var run in channel.Runs)
                {
                    var from = Max(bucket, run.Start);
                    var to = Min(bucketEnd, run.End ?? now);
                    if (from > to || (from == to && to != now))
                    {
                        continue;
                    }

                    samples.Add(sample(from));
                    foreach (var change in _reachability.Values.SelectMany(h => h).Where(h => h.At > from && h.At < to))
                    {
                        samples.Add(sample(change.At));
                    }
                }

                if (samples.Count > 0)
                {
                    points.Add((bucket, Aggregate(samples, stat)));
                }
            }

            return points;
        }
    }

    private Func<DateTimeOffset, double>? ActiveOutputsSampler(ChannelRecord channel, string groupName, int pipeline)
    {
        if (PinnedActiveOutputs(channel, groupName, pipeline) is { } pinned)
        {
            return _ => pinned;
        }

        var group = (channel.Config["encoderSettings"]?["outputGroups"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(g => (string?)g["name"] == groupName);
        if (group is null)
        {
            return null;
        }

        var outputs = (group["outputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (group["outputGroupSettings"]?["rtmpGroupSettings"] is null)
        {
            return _ => outputs.Count;
        }

        var urls = outputs.Select(o => RtmpUrl(channel, o, pipeline)).ToList();
        return at => urls.Count(u => u is null || IsReachable(u, at));
    }

    private static Func<DateTimeOffset, double> SettableSampler(ChannelRecord channel, string metricName, string pipeline)
    {
        var value = channel.MetricValues.TryGetValue((metricName, pipeline), out var set)
            ? set
            : metricName switch
            {
                "InputVideoFrameRate" => 30,
                "NetworkIn" => 4.5,
                "NetworkOut" => 9,
                "ActiveAlerts" => channel.Alerts.Count(a => a.ClearedAt is null && a.Pipeline.ToString(CultureInfo.InvariantCulture) == pipeline),
                _ => 0,
            };
        return _ => value;
    }

    private static double Aggregate(List<double> samples, string stat) => stat switch
    {
        "Minimum" => samples.Min(),
        "Maximum" => samples.Max(),
        "Sum" => samples.Sum(),
        "SampleCount" => samples.Count,
        _ => samples.Average(),
    };

    private ChannelRecord Get(string id)
    {
        AdvanceAll();
        return _channels.TryGetValue(id, out var channel) ? channel : throw ApiException.NotFound($"Channel {id} not found");
    }

    private void AdvanceAll()
    {
        var now = _time.GetUtcNow();
        foreach (var channel in _channels.Values)
        {
            Advance(channel, now);
            channel.Alerts.RemoveAll(a => a.ClearedAt is { } cleared && now - cleared > ClearedAlertRetention);
        }
    }

    private void Advance(ChannelRecord channel, DateTimeOffset now)
    {
        while (channel.TransitionDue is { } due && due <= now)
        {
            switch (channel.State)
            {
                case "STARTING":
                    Enter(channel, "RUNNING", due, null);
                    channel.Runs.Add(new RunInterval(due));
                    EvaluateAlerts(channel, due);
                    break;
                case "STOPPING":
                    Enter(channel, "IDLE", due, null);
                    break;
                case "UPDATING":
                    if (channel.FailNextUpdate)
                    {
                        channel.FailNextUpdate = false;
                        Enter(channel, "UPDATE_FAILED", due, null);
                    }
                    else
                    {
                        channel.Config = channel.PendingConfig ?? channel.Config;
                        Enter(channel, "IDLE", due, null);
                    }

                    channel.PendingConfig = null;
                    break;
                default:
                    channel.TransitionDue = null;
                    break;
            }
        }
    }

    private static void Enter(ChannelRecord channel, string state, DateTimeOffset at, TimeSpan? duration)
    {
        channel.State = state;
        channel.StateSince = at;
        channel.TransitionDue = at + duration;
    }

    private static void EndRun(ChannelRecord channel, DateTimeOffset at)
    {
        if (channel.Runs.Count > 0 && channel.Runs[^1].End is null)
        {
            channel.Runs[^1].End = at;
        }

        foreach (var alert in channel.Alerts.Where(a => a.ClearedAt is null))
        {
            alert.ClearedAt = at;
        }
    }

    private void EvaluateAlerts(ChannelRecord channel, DateTimeOffset at)
    {
        foreach (var group in (channel.Config["encoderSettings"]?["outputGroups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (group["outputGroupSettings"]?["rtmpGroupSettings"] is null)
            {
                continue;
            }

            var groupName = (string?)group["name"] ?? string.Empty;
            foreach (var output in (group["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                for (var pipeline = 0; pipeline < channel.PipelineCount; pipeline++)
                {
                    var url = RtmpUrl(channel, output, pipeline);
                    if (url is null)
                    {
                        continue;
                    }

                    var open = channel.Alerts.FirstOrDefault(a => a.GroupName == groupName && a.Pipeline == pipeline && a.ClearedAt is null);
                    var reachable = IsReachable(url, at);
                    if (!reachable && open is null)
                    {
                        var id = channel.NextAlertId++.ToString(CultureInfo.InvariantCulture);
                        var message = $"Unable to connect to RTMP server [{url}] for output group [{groupName}]; retrying.";
                        channel.Alerts.Add(new AlertRecord(id, FailedRtmpConnection, groupName, pipeline, message, at));
                    }
                    else if (reachable && open is not null)
                    {
                        open.ClearedAt = at;
                    }
                }
            }
        }
    }

    private static string? RtmpUrl(ChannelRecord channel, JsonObject output, int pipeline)
    {
        var refId = (string?)output["outputSettings"]?["rtmpOutputSettings"]?["destination"]?["destinationRefId"];
        var destination = (channel.Config["destinations"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(d => (string?)d["id"] == refId);
        var settings = destination?["settings"] as JsonArray;
        return settings is not null && pipeline < settings.Count ? (string?)settings[pipeline]?["url"] : null;
    }

    private bool IsReachable(string url, DateTimeOffset at)
    {
        if (!_reachability.TryGetValue(NormalizeUrl(url), out var history))
        {
            return true;
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].At <= at)
            {
                return history[i].Reachable;
            }
        }

        return true;
    }

    private static JsonObject Render(ChannelRecord channel, bool summary)
    {
        var running = channel.State == "RUNNING";
        var result = new JsonObject
        {
            ["arn"] = channel.Arn,
            ["channelClass"] = channel.ChannelClass,
            ["egressEndpoints"] = new JsonArray([.. Enumerable.Range(0, channel.PipelineCount).Select(_ => (JsonNode)new JsonObject { ["sourceIp"] = "127.0.0.1" })]),
            ["id"] = channel.Id,
        };
        foreach (var (key, value) in channel.Config)
        {
            if (!summary || key != "encoderSettings")
            {
                result[key] = value?.DeepClone();
            }
        }

        if (!summary)
        {
            var attachment = (string?)(channel.Config["inputAttachments"] as JsonArray)?.FirstOrDefault()?["inputAttachmentName"];
            result["pipelineDetails"] = new JsonArray([.. Enumerable.Range(0, running ? channel.PipelineCount : 0)
                .Select(p => (JsonNode)new JsonObject
                {
                    ["pipelineId"] = p.ToString(CultureInfo.InvariantCulture),
                    ["activeInputAttachmentName"] = attachment,
                })]);
        }

        result["pipelinesRunningCount"] = running ? channel.PipelineCount : 0;
        result["state"] = channel.State;
        result["tags"] = channel.Tags.DeepClone();
        return result;
    }

    private static JsonObject RenderAlert(AlertRecord alert)
    {
        var result = new JsonObject
        {
            ["alertType"] = alert.AlertType,
            ["id"] = alert.Id,
            ["message"] = alert.Message,
            ["pipelineId"] = $"PIPELINE_{alert.Pipeline}",
            ["setTimestamp"] = Iso(alert.SetAt),
            ["state"] = alert.ClearedAt is null ? "SET" : "CLEARED",
        };
        if (alert.ClearedAt is { } cleared)
        {
            result["clearedTimestamp"] = Iso(cleared);
        }

        return result;
    }

    private static (List<T> Page, string? Next) Paginate<T>(List<T> items, int? maxResults, string? nextToken)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)), NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("Invalid nextToken.");
            }
        }

        if (maxResults is < 1 or > 1000)
        {
            throw ApiException.BadRequest("maxResults must be between 1 and 1000.");
        }

        var size = maxResults ?? 1000;
        var page = items.Skip(offset).Take(size).ToList();
        var next = offset + size < items.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture)))
            : null;
        return (page, next);
    }

    private static string NormalizeUrl(string url) => url.Trim().TrimEnd('/');

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
