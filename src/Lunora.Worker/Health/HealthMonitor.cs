using System.Collections.Concurrent;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Worker.Health;

/// <summary>
/// Fuses ListAlerts (the primary signal), CloudWatch ActiveOutputs and alert events into health per destination and
/// pipeline, remembering since when each has been in its status. Only Lunora's own outputs count, attributed exactly
/// (<see cref="AlertAttribution"/>): an alert that names no one output is reported through <see cref="UnattributedFor"/>
/// and fails nothing over. A read that fails degrades to Unknown with "unavailable since": health never blocks a plan.
/// </summary>
public sealed partial class HealthMonitor
{
    private static readonly TimeSpan EventRetention = TimeSpan.FromMinutes(5);

    // An event only speeds up what ListAlerts will show; after this, ListAlerts alone is trusted (a lost CLEARED event
    // must not keep an output failing forever).
    private static readonly TimeSpan EventTrust = TimeSpan.FromMinutes(2);

    // A switch not on the channel within this long is forgotten: the restart that carried it was abandoned.
    private static readonly TimeSpan PendingSwitchLifetime = TimeSpan.FromMinutes(10);

    private readonly IChannelSignalSource _source;
    private readonly IEndpointProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger<HealthMonitor> _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unavailableSince = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Channel, string Destination), PendingSwitch> _switches = new();
    private readonly ConcurrentDictionary<(string Channel, string AlertId), AlertSignal> _events = new();
    private readonly ConcurrentDictionary<(string Channel, string Destination, int Pipeline), Tracked> _tracked = new();
    private readonly ConcurrentDictionary<(string Channel, string Destination), Tracked> _probes = new();

    public HealthMonitor(IChannelSignalSource source, IEndpointProbe probe, TimeProvider time, ILogger<HealthMonitor> logger)
    {
        _source = source;
        _probe = probe;
        _time = time;
        _logger = logger;
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
        var now = _time.GetUtcNow();
        // A time ahead of ours would keep the event trusted (and its failure young) for as long as the clocks disagree.
        _events[(alert.ChannelId, alert.AlertId)] = Clamp(alert, now);
        _newestSignalAt[alert.ChannelId] = now;
    }

    /// <summary>
    /// Remembers a switch recorded for a restart, so the plan made once the channel is IDLE (when the health behind it
    /// is gone) still applies it. Dropped once the channel runs again, or after a bound.
    /// </summary>
    public void RememberSwitch(string channelId, string destinationId, UrlType to) =>
        _switches[(channelId, destinationId)] = new PendingSwitch(to, _time.GetUtcNow(), SeenStopped: false);

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
        var pending = PendingSwitches(channel, observed.State, now);

        if (observed.State is not (ChannelState.Running or ChannelState.Recovering) || observed.ManagedOutputs.IsEmpty)
        {
            // A stopped channel says nothing about its outputs, and alert ids reset on the next start.
            Forget(channel);
            return pending;
        }

        try
        {
            var snapshot = await ReadAsync(desired, observed, failbackAfter, now, cancellationToken);
            if (_unavailableSince.TryRemove(channel, out var since))
            {
                LogHealthRestored(_logger, channel, since);
            }

            return snapshot;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Failed, throttled or malformed: the plan goes on with Unknown health, which never fails anything over.
            // What was tracked before is forgotten too, so a failure must be seen afresh for the whole failover-after.
            Forget(channel);
            var since = _unavailableSince.GetOrAdd(channel, now);
            if (since == now)
            {
                LogHealthUnavailable(_logger, channel, ex.GetType().Name);
            }

            return HealthSnapshot.Unavailable(since);
        }
    }

    private async Task<HealthSnapshot> ReadAsync(
        DesiredChannel desired,
        ObservedChannel observed,
        TimeSpan? failbackAfter,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var channel = observed.ChannelId;
        var byGroup = desired.Destinations
            .Select(d => (d.Id, Group: OutputNaming.GroupName(d.Id)))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var outputs = observed.ManagedOutputs.Where(o => byGroup.ContainsKey(o.GroupName)).ToList();

        var alerts = await _source.ListAlertsAsync(channel, cancellationToken);
        var active = await _source.ActiveOutputsAsync(channel, outputs.Select(o => o.GroupName).ToList(), observed.PipelineCount, cancellationToken);
        _newestSignalAt[channel] = now;

        var merged = new Dictionary<string, AlertSignal>(StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            merged[alert.AlertId] = Clamp(alert, now);
        }

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
            if (AlertAttribution.Attribute(alert, outputs) is not { } owner)
            {
                unattributed.Add(alert);
                continue;
            }

            var key = (owner, alert.Pipeline);
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

    private static AlertSignal Clamp(AlertSignal alert, DateTimeOffset now) => alert with
    {
        SetAt = Earliest(alert.SetAt, now),
        ClearedAt = alert.ClearedAt is { } cleared ? Earliest(cleared, now) : null,
    };

    // Switches recorded for a restart: kept while the channel goes through STOPPING and IDLE, dropped once it runs again.
    private HealthSnapshot PendingSwitches(string channel, ChannelState state, DateTimeOffset now)
    {
        var snapshot = HealthSnapshot.Empty;
        var stopped = state is not (ChannelState.Running or ChannelState.Recovering);
        foreach (var ((switchChannel, destination), pending) in _switches)
        {
            if (switchChannel != channel)
            {
                continue;
            }

            if (now - pending.At > PendingSwitchLifetime || (!stopped && pending.SeenStopped))
            {
                _switches.TryRemove((switchChannel, destination), out _);
                continue;
            }

            if (stopped)
            {
                _switches[(switchChannel, destination)] = pending with { SeenStopped = true };
                snapshot = snapshot.WithPendingSwitch(destination, pending.To);
            }
        }

        return snapshot;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health of channel {ChannelId} cannot be read ({ErrorType}); planning with health unknown, which fails nothing over")]
    private static partial void LogHealthUnavailable(ILogger logger, string channelId, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health of channel {ChannelId} readable again (unavailable since {Since:o})")]
    private static partial void LogHealthRestored(ILogger logger, string channelId, DateTimeOffset since);

    private sealed record PendingSwitch(UrlType To, DateTimeOffset At, bool SeenStopped);

    private sealed record Tracked(HealthStatus Status, DateTimeOffset Since, string Target, string? Evidence);
}
