using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Commands;
using Lunora.Worker.State;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// Every instrument of meter <c>Lunora.Worker</c>, created up front. Counters are pre-zeroed for every series known in
/// advance (per channel when a channel is first seen, per destination when its status is first reported, per AWS
/// operation at start): the collector's EMF exporter turns cumulative sums into deltas and drops the first point of a
/// series, so a series that started at 1 would lose its first failover, throttle or retry. Names follow OpenTelemetry
/// conventions (dotted, with units). Attributes never carry URLs or keys; <see cref="Instruments"/> lists each
/// instrument with its attribute keys and values.
/// </summary>
public sealed class LunoraMetrics : IDisposable
{
    public const string MeterName = "Lunora.Worker";

    private const string Channel = "lunora.channel";
    private const string Destination = "lunora.destination";
    private const string Reason = "lunora.reason";
    private const string AwsService = "aws.service";
    private const string AwsOperation = "aws.operation";

    private static readonly string[] Results = ["converged", "requeue", "transient_error", "terminal_error", "not_leader", "paused"];
    private static readonly string[] ActionKinds = ["update_outputs", "start_channel", "stop_channel", "set_status", "record_failover"];
    private static readonly string[] FailoverReasons = ["failover", "failback"];
    // CommandMetrics' outcomes (private there); the catalogue test compares them with what it pre-zeroes.
    private static readonly string[] CommandOutcomes = ["applied", "duplicate", "stale", "in_progress_elsewhere", "rejected", "transient_failure"];
    private static readonly string[] AwsOutcomes = ["success", "throttled", "server_error", "client_error", "timeout", "network_error"];

    /// <summary>Every operation the worker calls through its own clients, by signing name (<c>aws.service</c>).</summary>
    private static readonly (string Service, string Operation)[] AwsOperations =
    [
        ("medialive", "DescribeChannel"), ("medialive", "UpdateChannel"), ("medialive", "StartChannel"), ("medialive", "StopChannel"),
        ("medialive", "DescribeInput"), ("medialive", "ListAlerts"), ("monitoring", "GetMetricData"),
    ];

    private readonly Counter<long> _reconcileRuns;
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _terminalErrors;
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
    private readonly ConcurrentDictionary<(string Channel, string Destination), bool> _knownDestinations = new();
    private readonly ConcurrentDictionary<string, string> _channelStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Channel, string Status)> _destinationStatuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newestHealthSignal = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private Func<int> _queueDepth = () => 0;
    private Func<bool> _isLeader = () => false;
    private Func<bool> _isReady = () => false;
    private Func<string, bool> _isChannelReady = _ => false;

    public LunoraMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        Progress = new ChannelProgress(time);
        var meter = meterFactory.Create(MeterName);
        _reconcileRuns = meter.CreateCounter<long>("lunora.reconcile.runs", "{run}", "Reconcile runs by result.");
        _reconcileDuration = meter.CreateHistogram<double>("lunora.reconcile.duration", "s", "Duration of one reconcile run.");
        _terminalErrors = meter.CreateCounter<long>("lunora.reconcile.terminal_errors", "{error}", "Reconciles that ended in an error only a person can fix, by channel and reason.");
        meter.CreateObservableGauge("lunora.reconcile.age", ObserveReconcileAge, "s", "Seconds since the channel's newest completed reconcile.");
        meter.CreateObservableGauge("lunora.channel.ready", ObserveChannelReady, "{channel}", "1 while the channel's loop is ready (same rule as /readyz/{channel}).");
        _planActions = meter.CreateCounter<long>("lunora.plan.actions", "{action}", "Planned actions by kind.");
        _queueWait = meter.CreateHistogram<double>("lunora.queue.wait", "s", "Time a channel waited in the work queue.");
        meter.CreateObservableGauge("lunora.queue.depth", () => _queueDepth(), "{channel}", "Channels waiting in the work queue.");
        meter.CreateObservableGauge("lunora.channel.state", ObserveChannelStates, "{channel}", "1 for the state each channel is in.");
        _channelRunning = meter.CreateCounter<double>("lunora.channel.running_time", "s", "Seconds channels were observed running, counted by the leader.");
        _channelCost = meter.CreateCounter<double>("lunora.channel.estimated_cost", "USD", "Estimated MediaLive cost of running time, counted by the leader.");
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

        foreach (var (service, operation) in AwsOperations)
        {
            var op = new TagList { { AwsService, service }, { AwsOperation, operation } };
            _awsThrottles.Add(0, op);
            _awsRetries.Add(0, op);
            foreach (var outcome in AwsOutcomes)
            {
                _awsCalls.Add(0, new TagList { { AwsService, service }, { AwsOperation, operation }, { "lunora.outcome", outcome } });
            }
        }
    }

    /// <summary>
    /// Every instrument of meter <c>Lunora.Worker</c> (the loop's and <see cref="CommandMetrics"/>'s) with its attribute
    /// keys and the values each can take; a test holds this list to what the code records.
    /// </summary>
    public static IReadOnlyList<MetricInstrument> Instruments { get; } = BuildCatalogue();

    /// <summary>Per-channel progress of the loop, for readiness and liveness.</summary>
    public ChannelProgress Progress { get; }

    public void ObserveQueue(Func<int> depth) => _queueDepth = depth;

    public void ObserveLeadership(Func<bool> isLeader) => _isLeader = isLeader;

    public void ObserveReadiness(Func<bool> isReady) => _isReady = isReady;

    public void ObserveChannelReadiness(Func<string, bool> isReady) => _isChannelReady = isReady;

    /// <summary>
    /// Detaches the gauges from the loop, lease and probe they read, so a collection after shutdown reads nothing
    /// disposed. The meter itself belongs to the <see cref="IMeterFactory"/>, which disposes it (other classes share it).
    /// </summary>
    public void Dispose()
    {
        _queueDepth = () => 0;
        _isLeader = () => false;
        _isReady = () => false;
        _isChannelReady = _ => false;
    }

    /// <summary>Registers a channel the worker is configured for, so its series and readiness exist before its first reconcile.</summary>
    public void ChannelConfigured(string channelId) => Know(channelId);

    public void ReconcileRun(string channelId, string result, TimeSpan duration)
    {
        Know(channelId);
        var tags = new TagList { { Channel, channelId }, { "lunora.result", result } };
        _reconcileRuns.Add(1, tags);
        _reconcileDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>A reconcile of the channel completed (converged, paused, or planned as a standby): the loop moves.</summary>
    public void ReconcileCompleted(string channelId)
    {
        Know(channelId);
        Progress.Completed(channelId);
    }

    /// <summary>A reconcile ended in an error only a person can fix: counted by a bounded reason, and the channel turns unready.</summary>
    public void TerminalFailure(string channelId, Exception? error)
    {
        Know(channelId);
        var reason = TerminalReasons.Of(error);
        _terminalErrors.Add(1, new TagList { { Channel, channelId }, { Reason, reason } });
        Progress.Terminal(channelId, reason);
    }

    public void PlannedAction(string kind) => _planActions.Add(1, new KeyValuePair<string, object?>("lunora.action", kind));

    public void QueueWait(TimeSpan waited) => _queueWait.Record(waited.TotalSeconds);

    public void ChannelState(string channelId, string state)
    {
        Know(channelId);
        _channelStates[channelId] = state;
    }

    /// <summary>
    /// Running time and cost, counted only while this instance holds the lease: during a deployment the standby
    /// observes the same running channel, and counting there too would double the cost.
    /// </summary>
    public void ChannelRunning(string channelId, TimeSpan duration, decimal costPerHour)
    {
        if (!_isLeader())
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>(Channel, channelId);
        _channelRunning.Add(duration.TotalSeconds, tag);
        _channelCost.Add(duration.TotalHours * (double)costPerHour, tag);
    }

    public void DestinationStatus(string channelId, string destinationId, string status)
    {
        Know(channelId);
        KnowDestination(channelId, destinationId);
        _destinationStatuses[destinationId] = (channelId, status);
    }

    public void Failover(string channelId, string destinationId, string reason)
    {
        Know(channelId);
        KnowDestination(channelId, destinationId);
        _failovers.Add(1, new TagList { { Channel, channelId }, { Destination, destinationId }, { Reason, reason } });
    }

    public void HealthSignal(string channelId, DateTimeOffset at)
    {
        _newestHealthSignal.AddOrUpdate(channelId, at, (_, old) => at > old ? at : old);
    }

    public void AwsCall(string service, string operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { AwsService, service }, { AwsOperation, operation }, { "lunora.outcome", outcome } };
        _awsCalls.Add(1, tags);
        _awsDuration.Record(duration.TotalSeconds, tags);
        if (outcome == "throttled")
        {
            _awsThrottles.Add(1, new TagList { { AwsService, service }, { AwsOperation, operation } });
        }
    }

    public void AwsRetry(string service, string operation) =>
        _awsRetries.Add(1, new TagList { { AwsService, service }, { AwsOperation, operation } });

    // A channel's per-channel series start at zero the first time it is seen.
    private void Know(string channelId)
    {
        if (!_knownChannels.TryAdd(channelId, true))
        {
            return;
        }

        Progress.Known(channelId);
        var channel = new KeyValuePair<string, object?>(Channel, channelId);
        foreach (var result in Results)
        {
            _reconcileRuns.Add(0, channel, new KeyValuePair<string, object?>("lunora.result", result));
        }

        foreach (var reason in TerminalReasons.All)
        {
            _terminalErrors.Add(0, channel, new KeyValuePair<string, object?>(Reason, reason));
        }

        _channelRunning.Add(0, channel);
        _channelCost.Add(0, channel);
    }

    // A destination's failover series start at zero when its status is first reported, which the planner does before
    // it can fail the destination over: the first failover is then a change from 0 to 1, not a first point.
    private void KnowDestination(string channelId, string destinationId)
    {
        if (!_knownDestinations.TryAdd((channelId, destinationId), true))
        {
            return;
        }

        foreach (var reason in FailoverReasons)
        {
            _failovers.Add(0, new TagList { { Channel, channelId }, { Destination, destinationId }, { Reason, reason } });
        }
    }

    private IEnumerable<Measurement<int>> ObserveChannelStates() =>
        _channelStates.Select(kv => new Measurement<int>(1, new KeyValuePair<string, object?>(Channel, kv.Key), new KeyValuePair<string, object?>("lunora.channel.state", kv.Value)));

    private IEnumerable<Measurement<int>> ObserveDestinationStatuses() =>
        _destinationStatuses.Select(kv => new Measurement<int>(1, new KeyValuePair<string, object?>(Channel, kv.Value.Channel), new KeyValuePair<string, object?>(Destination, kv.Key), new KeyValuePair<string, object?>("lunora.destination.status", kv.Value.Status)));

    private IEnumerable<Measurement<int>> ObserveChannelRunning() =>
        _channelStates.Select(kv => new Measurement<int>(kv.Value is "Running" or "Recovering" ? 1 : 0, new KeyValuePair<string, object?>(Channel, kv.Key)));

    private IEnumerable<Measurement<int>> ObserveStreamingCounts() =>
        _channelStates.Keys.Select(channel => new Measurement<int>(
            _destinationStatuses.Values.Count(v => v.Channel == channel && v.Status == "streaming"),
            new KeyValuePair<string, object?>(Channel, channel)));

    private IEnumerable<Measurement<int>> ObserveChannelReady() =>
        _knownChannels.Keys.Select(channel => new Measurement<int>(_isChannelReady(channel) ? 1 : 0, new KeyValuePair<string, object?>(Channel, channel)));

    private IEnumerable<Measurement<double>> ObserveReconcileAge()
    {
        var now = _time.GetUtcNow();
        return Progress.Channels
            .Where(kv => kv.Value.LastCompleted is not null)
            .Select(kv => new Measurement<double>((now - kv.Value.LastCompleted!.Value).TotalSeconds, new KeyValuePair<string, object?>(Channel, kv.Key)));
    }

    private IEnumerable<Measurement<double>> ObserveSignalAge()
    {
        var now = _time.GetUtcNow();
        return _newestHealthSignal.Select(kv => new Measurement<double>((now - kv.Value).TotalSeconds, new KeyValuePair<string, object?>(Channel, kv.Key)));
    }

    private static List<MetricInstrument> BuildCatalogue()
    {
        IReadOnlyList<string>? any = null;
        IReadOnlyList<string> results = Results;
        IReadOnlyList<string> channelStates = [.. Enum.GetValues<ChannelState>().Select(s => s.ToString())];
        IReadOnlyList<string> statuses = [.. Enum.GetValues<DestinationStatus>().Select(WireNames.Of)];
        IReadOnlyList<string> services = [.. AwsOperations.Select(o => o.Service).Distinct()];
        IReadOnlyList<string> operations = [.. AwsOperations.Select(o => o.Operation).Distinct()];
        IReadOnlyList<string> rejections = [.. Enum.GetValues<CommandRejection>().Select(CommandMetrics.ReasonTag)];
        IReadOnlyList<string> commandTypes = [.. CommandTypeNames.All, CommandMetrics.UnknownType];

        static Dictionary<string, IReadOnlyList<string>?> L(params (string Key, IReadOnlyList<string>? Values)[] labels) =>
            labels.ToDictionary(l => l.Key, l => l.Values, StringComparer.Ordinal);

        var aws = L((AwsService, services), (AwsOperation, operations), ("lunora.outcome", AwsOutcomes));
        return
        [
            new("lunora.reconcile.runs", "{run}", MetricKind.Counter, L((Channel, any), ("lunora.result", results))),
            new("lunora.reconcile.duration", "s", MetricKind.Histogram, L((Channel, any), ("lunora.result", results))),
            new("lunora.reconcile.terminal_errors", "{error}", MetricKind.Counter, L((Channel, any), (Reason, TerminalReasons.All))),
            new("lunora.reconcile.age", "s", MetricKind.Gauge, L((Channel, any))),
            new("lunora.channel.ready", "{channel}", MetricKind.Gauge, L((Channel, any))),
            new("lunora.plan.actions", "{action}", MetricKind.Counter, L(("lunora.action", ActionKinds))),
            new("lunora.queue.wait", "s", MetricKind.Histogram, L()),
            new("lunora.queue.depth", "{channel}", MetricKind.Gauge, L()),
            new("lunora.channel.state", "{channel}", MetricKind.Gauge, L((Channel, any), ("lunora.channel.state", channelStates))),
            new("lunora.channel.running_time", "s", MetricKind.Counter, L((Channel, any))),
            new("lunora.channel.estimated_cost", "USD", MetricKind.Counter, L((Channel, any))),
            new("lunora.destination.status", "{destination}", MetricKind.Gauge, L((Channel, any), (Destination, any), ("lunora.destination.status", statuses))),
            new("lunora.failovers", "{failover}", MetricKind.Counter, L((Channel, any), (Destination, any), (Reason, FailoverReasons))),
            new("lunora.health.signal_age", "s", MetricKind.Gauge, L((Channel, any))),
            new("lunora.aws.calls", "{call}", MetricKind.Counter, aws),
            new("lunora.aws.call.duration", "s", MetricKind.Histogram, aws),
            new("lunora.aws.throttles", "{call}", MetricKind.Counter, L((AwsService, services), (AwsOperation, operations))),
            new("lunora.aws.retries", "{retry}", MetricKind.Counter, L((AwsService, services), (AwsOperation, operations))),
            new("lunora.leader", "{instance}", MetricKind.Gauge, L()),
            new("lunora.ready", "{instance}", MetricKind.Gauge, L()),
            new("lunora.channel.running", "{channel}", MetricKind.Gauge, L((Channel, any))),
            new("lunora.destinations.streaming", "{destination}", MetricKind.Gauge, L((Channel, any))),
            new(CommandMetrics.CommandsInstrument, "{command}", MetricKind.Counter, L(("lunora.command.type", commandTypes), ("lunora.command.outcome", CommandOutcomes))),
            new(CommandMetrics.DeadLetteredInstrument, "{message}", MetricKind.Counter, L((Reason, rejections))),
        ];
    }
}
