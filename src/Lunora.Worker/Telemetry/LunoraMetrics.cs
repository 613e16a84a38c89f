using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// Every instrument of meter <c>Lunora.Worker</c>, created up front so each series exists at zero before the first
/// event. Names follow OpenTelemetry conventions (dotted, with units). Attributes never carry URLs or keys.
/// </summary>
public sealed class LunoraMetrics : IDisposable
{
    public const string MeterName = "Lunora.Worker";

    private static readonly string[] Results = ["converged", "requeue", "transient_error", "terminal_error", "not_leader", "paused"];
    private static readonly string[] ActionKinds = ["update_outputs", "start_channel", "stop_channel", "set_status", "record_failover"];

    private readonly Counter<long> _reconcileRuns;
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _planActions;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<double> _channelRunning;
    private readonly Counter<double> _channelCost;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _awsCalls;
    private readonly Histogram<double> _awsDuration;
    private readonly Counter<long> _awsThrottles;
    private readonly Counter<long> _awsRetries;
    private readonly ConcurrentDictionary<string, bool> _knownChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _channelStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Channel, string Status)> _destinationStatuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newestHealthSignal = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private Func<int> _queueDepth = () => 0;
    private Func<bool> _isLeader = () => false;
    private Func<bool> _isReady = () => false;

    public LunoraMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _reconcileRuns = meter.CreateCounter<long>("lunora.reconcile.runs", "{run}", "Reconcile runs by result.");
        _reconcileDuration = meter.CreateHistogram<double>("lunora.reconcile.duration", "s", "Duration of one reconcile run.");
        _planActions = meter.CreateCounter<long>("lunora.plan.actions", "{action}", "Planned actions by kind.");
        _queueWait = meter.CreateHistogram<double>("lunora.queue.wait", "s", "Time a channel waited in the work queue.");
        meter.CreateObservableGauge("lunora.queue.depth", () => _queueDepth(), "{channel}", "Channels waiting in the work queue.");
        meter.CreateObservableGauge("lunora.channel.state", ObserveChannelStates, "{channel}", "1 for the state each channel is in.");
        _channelRunning = meter.CreateCounter<double>("lunora.channel.running_time", "s", "Seconds channels were observed running.");
        _channelCost = meter.CreateCounter<double>("lunora.channel.estimated_cost", "USD", "Estimated MediaLive cost of running time.");
        meter.CreateObservableGauge("lunora.destination.status", ObserveDestinationStatuses, "{destination}", "1 for the status each destination has.");
        _failovers = meter.CreateCounter<long>("lunora.failovers", "{failover}", "Switches between primary and backup ingest.");
        meter.CreateObservableGauge("lunora.health.signal_age", ObserveSignalAge, "s", "Age of the newest health signal per channel.");
        _awsCalls = meter.CreateCounter<long>("lunora.aws.calls", "{call}", "MediaLive and CloudWatch calls by operation and outcome.");
        _awsDuration = meter.CreateHistogram<double>("lunora.aws.call.duration", "s", "Latency of MediaLive and CloudWatch calls.");
        _awsThrottles = meter.CreateCounter<long>("lunora.aws.throttles", "{call}", "Calls answered 429 TooManyRequests.");
        _awsRetries = meter.CreateCounter<long>("lunora.aws.retries", "{retry}", "Retries of MediaLive and CloudWatch calls.");
        meter.CreateObservableGauge("lunora.leader", () => _isLeader() ? 1 : 0, "{instance}", "1 while this instance holds the leader lease.");
        meter.CreateObservableGauge("lunora.ready", () => _isReady() ? 1 : 0, "{instance}", "1 while this instance is ready (same rule as /readyz).");
        meter.CreateObservableGauge("lunora.channel.running", ObserveChannelRunning, "{channel}", "1 while the channel is RUNNING or RECOVERING.");
        meter.CreateObservableGauge("lunora.destinations.streaming", ObserveStreamingCounts, "{destination}", "Destinations streaming, per channel.");

        foreach (var kind in ActionKinds)
        {
            _planActions.Add(0, new KeyValuePair<string, object?>("lunora.action", kind));
        }

        _awsThrottles.Add(0);
        _awsRetries.Add(0);
    }

    public void ObserveQueue(Func<int> depth) => _queueDepth = depth;

    public void ObserveLeadership(Func<bool> isLeader) => _isLeader = isLeader;

    public void ObserveReadiness(Func<bool> isReady) => _isReady = isReady;

    /// <summary>
    /// Detaches the gauges from the loop, lease and probe they read, so a collection after shutdown reads nothing
    /// disposed. The meter itself belongs to the <see cref="IMeterFactory"/>, which disposes it (other classes share it).
    /// </summary>
    public void Dispose()
    {
        _queueDepth = () => 0;
        _isLeader = () => false;
        _isReady = () => false;
    }

    public void ReconcileRun(string channelId, string result, TimeSpan duration)
    {
        Know(channelId);
        var tags = new TagList { { "lunora.channel", channelId }, { "lunora.result", result } };
        _reconcileRuns.Add(1, tags);
        _reconcileDuration.Record(duration.TotalSeconds, tags);
    }

    public void PlannedAction(string kind) => _planActions.Add(1, new KeyValuePair<string, object?>("lunora.action", kind));

    public void QueueWait(TimeSpan waited) => _queueWait.Record(waited.TotalSeconds);

    public void ChannelState(string channelId, string state)
    {
        Know(channelId);
        _channelStates[channelId] = state;
    }

    public void ChannelRunning(string channelId, TimeSpan duration, decimal costPerHour)
    {
        var tag = new KeyValuePair<string, object?>("lunora.channel", channelId);
        _channelRunning.Add(duration.TotalSeconds, tag);
        _channelCost.Add(duration.TotalHours * (double)costPerHour, tag);
    }

    public void DestinationStatus(string channelId, string destinationId, string status) => _destinationStatuses[destinationId] = (channelId, status);

    public void Failover(string destinationId, string reason) =>
        _failovers.Add(1, new TagList { { "lunora.destination", destinationId }, { "lunora.reason", reason } });

    public void HealthSignal(string channelId, DateTimeOffset at)
    {
        _newestHealthSignal.AddOrUpdate(channelId, at, (_, old) => at > old ? at : old);
    }

    public void AwsCall(string service, string operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "aws.service", service }, { "aws.operation", operation }, { "lunora.outcome", outcome } };
        _awsCalls.Add(1, tags);
        _awsDuration.Record(duration.TotalSeconds, tags);
        if (outcome == "throttled")
        {
            _awsThrottles.Add(1, new TagList { { "aws.service", service }, { "aws.operation", operation } });
        }
    }

    public void AwsRetry(string service, string operation) =>
        _awsRetries.Add(1, new TagList { { "aws.service", service }, { "aws.operation", operation } });

    // A channel's per-channel series start at zero the first time it is seen.
    private void Know(string channelId)
    {
        if (!_knownChannels.TryAdd(channelId, true))
        {
            return;
        }

        var channel = new KeyValuePair<string, object?>("lunora.channel", channelId);
        foreach (var result in Results)
        {
            _reconcileRuns.Add(0, channel, new KeyValuePair<string, object?>("lunora.result", result));
        }

        _channelRunning.Add(0, channel);
        _channelCost.Add(0, channel);
    }

    private IEnumerable<Measurement<int>> ObserveChannelStates() =>
        _channelStates.Select(kv => new Measurement<int>(1, new KeyValuePair<string, object?>("lunora.channel", kv.Key), new KeyValuePair<string, object?>("lunora.channel.state", kv.Value)));

    private IEnumerable<Measurement<int>> ObserveDestinationStatuses() =>
        _destinationStatuses.Select(kv => new Measurement<int>(1, new KeyValuePair<string, object?>("lunora.channel", kv.Value.Channel), new KeyValuePair<string, object?>("lunora.destination", kv.Key), new KeyValuePair<string, object?>("lunora.destination.status", kv.Value.Status)));

    private IEnumerable<Measurement<int>> ObserveChannelRunning() =>
        _channelStates.Select(kv => new Measurement<int>(kv.Value is "Running" or "Recovering" ? 1 : 0, new KeyValuePair<string, object?>("lunora.channel", kv.Key)));

    private IEnumerable<Measurement<int>> ObserveStreamingCounts() =>
        _channelStates.Keys.Select(channel => new Measurement<int>(
            _destinationStatuses.Values.Count(v => v.Channel == channel && v.Status == "streaming"),
            new KeyValuePair<string, object?>("lunora.channel", channel)));

    private IEnumerable<Measurement<double>> ObserveSignalAge()
    {
        var now = _time.GetUtcNow();
        return _newestHealthSignal.Select(kv => new Measurement<double>((now - kv.Value).TotalSeconds, new KeyValuePair<string, object?>("lunora.channel", kv.Key)));
    }
}
