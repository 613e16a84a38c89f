using System.Collections.Concurrent;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Worker.Health;

/// <summary>
/// Fuses ListAlerts (the primary signal), CloudWatch ActiveOutputs and alert events into health per destination and
/// pipeline, remembering since when each has been in its status. Only Lunora's own outputs count: an alert whose
/// message names no URL we send to is reported through <see cref="UnattributedFor"/> and fails nothing over.
/// </summary>
public sealed class HealthMonitor
{
    private static readonly HashSet<string> OutputAlertTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Failed RTMP Connection",
        "Failed to Create Output File or Socket",
        "Failed to Write to Output",
        "Failed to Validate Certificate Chain When Publishing",
    };

    private static readonly TimeSpan EventRetention = TimeSpan.FromMinutes(5);

    // An event only speeds up what ListAlerts will show; after this, ListAlerts alone is trusted (a lost CLEARED event
    // must not keep an output failing forever).
    private static readonly TimeSpan EventTrust = TimeSpan.FromMinutes(2);

    private readonly IChannelSignalSource _source;
    private readonly IEndpointProbe _probe;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Channel, string AlertId), AlertSignal> _events = new();
    private readonly ConcurrentDictionary<(string Channel, string Destination, int Pipeline), Tracked> _tracked = new();
    private readonly ConcurrentDictionary<(string Channel, string Destination), Tracked> _probes = new();

    public HealthMonitor(IChannelSignalSource source, IEndpointProbe probe, TimeProvider time)
    {
        _source = source;
        _probe = probe;
        _time = time;
    }

    // Per channel: one monitor serves every channel, observed concurrently.
    private readonly ConcurrentDictionary<string, IReadOnlyList<AlertSignal>> _unattributed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newestSignalAt = new(StringComparer.Ordinal);

    /// <summary>Alerts seen in the channel's last observation that could not be tied to a Lunora output.</summary>
    public IReadOnlyList<AlertSignal> UnattributedFor(string channelId) => _unattributed.GetValueOrDefault(channelId, []);

    /// <summary>When the newest signal of any kind arrived for the channel.</summary>
    public DateTimeOffset? NewestSignalAt(string channelId) => _newestSignalAt.TryGetValue(channelId, out var at) ? at : null;

    /// <summary>Records an alert from the events queue (best effort, merged with ListAlerts by alert id).</summary>
    public void OnAlertEvent(AlertSignal alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _events[(alert.ChannelId, alert.AlertId)] = alert;
        _newestSignalAt[alert.ChannelId] = _time.GetUtcNow();
    }

    public async Task<HealthSnapshot> ObserveAsync(
        DesiredChannel desired,
        ObservedChannel observed,
        TimeSpan? failbackAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var channel = observed.ChannelId;
        var now = _time.GetUtcNow();

        if (observed.State is not (ChannelState.Running or ChannelState.Recovering) || observed.ManagedOutputs.IsEmpty)
        {
            // A stopped channel says nothing about its outputs, and alert ids reset on the next start.
            Forget(channel);
            return HealthSnapshot.Empty;
        }

        var byGroup = desired.Destinations
            .Select(d => (d.Id, Group: OutputNaming.GroupName(d.Id)))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var outputs = observed.ManagedOutputs.Where(o => byGroup.ContainsKey(o.GroupName)).ToList();

        var alerts = await _source.ListAlertsAsync(channel, cancellationToken);
        var active = await _source.ActiveOutputsAsync(channel, outputs.Select(o => o.GroupName).ToList(), observed.PipelineCount, cancellationToken);
        _newestSignalAt[channel] = now;

        var merged = alerts.ToDictionary(a => a.AlertId, StringComparer.Ordinal);
        foreach (var ((eventChannel, id), alert) in _events)
        {
            if (eventChannel != channel)
            {
                continue;
            }

            if ((alert.ClearedAt is { } cleared && now - cleared > EventRetention) || (alert.IsSet && now - alert.SetAt > EventTrust))
            {
                _events.TryRemove((eventChannel, id), out _);
                continue;
            }

            merged.TryAdd(id, alert);
        }

        var unattributed = new List<AlertSignal>();
        var failingAlerts = new Dictionary<(string Group, int Pipeline), AlertSignal>();
        foreach (var alert in merged.Values.Where(a => a.IsSet))
        {
            var owner = OutputAlertTypes.Contains(alert.AlertType)
                ? outputs.FirstOrDefault(o => alert.Pipeline < o.Pipelines.Length
                    && alert.Message.Contains(o.Pipelines[alert.Pipeline].Url, StringComparison.OrdinalIgnoreCase))
                : null;
            if (owner is null)
            {
                unattributed.Add(alert);
                continue;
            }

            var key = (owner.GroupName, alert.Pipeline);
            if (!failingAlerts.TryGetValue(key, out var earlier) || alert.SetAt < earlier.SetAt)
            {
                failingAlerts[key] = alert;
            }
        }

        _unattributed[channel] = unattributed;
        var snapshot = HealthSnapshot.Empty;
        foreach (var output in outputs)
        {
            var destination = byGroup[output.GroupName];
            for (var pipeline = 0; pipeline < output.Pipelines.Length; pipeline++)
            {
                var target = output.Pipelines[pipeline].Url;
                var (status, evidence, evidenceAt) = Fuse(output.GroupName, pipeline, failingAlerts, active);
                var tracked = Track((channel, destination, pipeline), status, target, evidence, evidenceAt, now);
                snapshot = snapshot.With(destination, pipeline, new PipelineHealth(tracked.Status, tracked.Since, tracked.Evidence));
            }
        }

        if (failbackAfter is not null)
        {
            snapshot = await ProbePrimariesAsync(desired, observed, snapshot, now, cancellationToken);
        }

        return snapshot;
    }

    private static (HealthStatus Status, string? Evidence, DateTimeOffset? At) Fuse(
        string group,
        int pipeline,
        Dictionary<(string Group, int Pipeline), AlertSignal> failingAlerts,
        IReadOnlyDictionary<(string GroupName, int Pipeline), double> active)
    {
        if (failingAlerts.TryGetValue((group, pipeline), out var alert))
        {
            return (HealthStatus.Failing, $"alert '{alert.AlertType}' {alert.AlertId} on pipeline {pipeline}", alert.SetAt);
        }

        if (active.TryGetValue((group, pipeline), out var value))
        {
            return value < 1
                ? (HealthStatus.Failing, $"ActiveOutputs {value:0} on pipeline {pipeline}", null)
                : (HealthStatus.Healthy, null, null);
        }

        return (HealthStatus.Unknown, null, null);
    }

    // Keeps "since" stable while the status and the target stay the same; a new target (after a restart) starts afresh.
    private Tracked Track(
        (string, string, int) key,
        HealthStatus status,
        string target,
        string? evidence,
        DateTimeOffset? evidenceAt,
        DateTimeOffset now)
    {
        var next = _tracked.AddOrUpdate(
            key,
            _ => new Tracked(status, Earliest(evidenceAt, now), target, evidence),
            (_, old) => old.Status == status && string.Equals(old.Target, target, StringComparison.Ordinal)
                ? old with { Evidence = evidence ?? old.Evidence }
                : new Tracked(status, old.Target == target ? Earliest(evidenceAt, now) : now, target, evidence));
        return next;
    }

    private async Task<HealthSnapshot> ProbePrimariesAsync(
        DesiredChannel desired,
        ObservedChannel observed,
        HealthSnapshot snapshot,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (observed.Class != ChannelClass.SinglePipeline)
        {
            return snapshot;
        }

        foreach (var d in desired.Destinations.Where(d => d.WantsToStream && d.Primary?.Url is not null && d.Backup?.Url is not null))
        {
            var output = observed.ManagedOutputs.FirstOrDefault(o => o.GroupName == OutputNaming.GroupName(d.Id));
            var onBackup = output is { Pipelines.Length: 1 } && output.Pipelines[0].Url == d.Backup!.Url && d.Backup.Url != d.Primary!.Url;
            if (!onBackup)
            {
                _probes.TryRemove((observed.ChannelId, d.Id), out _);
                continue;
            }

            var reachable = await _probe.IsReachableAsync(d.Primary!.Url!, cancellationToken);
            var status = reachable ? HealthStatus.Healthy : HealthStatus.Failing;
            var tracked = _probes.AddOrUpdate(
                (observed.ChannelId, d.Id),
                _ => new Tracked(status, now, d.Primary.Url!, "probe"),
                (_, old) => old.Status == status ? old : new Tracked(status, now, d.Primary.Url!, "probe"));
            snapshot = snapshot.WithEndpoint(d.Id, UrlType.Primary, new PipelineHealth(tracked.Status, tracked.Since, reachable ? "primary ingest accepts connections" : "primary ingest unreachable"));
        }

        return snapshot;
    }

    private void Forget(string channel)
    {
        _unattributed.TryRemove(channel, out _);
        foreach (var key in _tracked.Keys.Where(k => k.Channel == channel))
        {
            _tracked.TryRemove(key, out _);
        }

        foreach (var key in _probes.Keys.Where(k => k.Channel == channel))
        {
            _probes.TryRemove(key, out _);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } aa && aa < b ? aa : b;

    private sealed record Tracked(HealthStatus Status, DateTimeOffset Since, string Target, string? Evidence);
}
