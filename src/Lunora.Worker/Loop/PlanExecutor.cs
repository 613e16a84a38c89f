using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// The only code that changes the world. Executes a plan's actions in order; checks the lease before every channel
/// mutation; between stop and update, and update and start, waits for IDLE as the official waiters do (polling at the
/// policy's interval, bounded). After a restart's stop it hands back to the queue, so the update is planned from
/// fresh intent rather than the intent read before the stop, except for a failover restart (see below).
/// </summary>
public sealed class PlanExecutor
{
    private readonly IChannelGateway _gateway;
    private readonly IDesiredStateStore _store;
    private readonly ILeaderLease _lease;
    private readonly TimeProvider _time;
    private readonly LunoraMetrics _metrics;
    private readonly ILogger<PlanExecutor> _logger;
    private readonly LoopOptions _options;
    private readonly ISessionRecorder _sessions;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DestinationStatus Status, UrlType? UrlType)> _lastStatus = new(StringComparer.Ordinal);

    public PlanExecutor(
        IChannelGateway gateway,
        IDesiredStateStore store,
        ILeaderLease lease,
        TimeProvider time,
        LunoraMetrics metrics,
        LoopOptions options,
        ISessionRecorder sessions,
        ILogger<PlanExecutor> logger)
    {
        _gateway = gateway;
        _store = store;
        _lease = lease;
        _time = time;
        _metrics = metrics;
        _options = options;
        _sessions = sessions;
        _logger = logger;
    }

    public async Task<ExecutionResult> ExecuteAsync(
        string channelId,
        ReconcilePlan plan,
        bool paused,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // A standby plans (so it is ready, and `plan` works anywhere) but writes nothing: statuses, failover records
        // and sessions come from the leader alone, so two tasks overlapping in a deployment never write twice.
        if (!_lease.IsHeld)
        {
            if (plan.HasMutations)
            {
                LoopLog.NotLeader(_logger, channelId, "plan");
            }

            return new ExecutionResult(0, NotLeader: true, HandBack: false);
        }

        // Everything this plan does ends with the lease's tenure: a holder that loses the lease mid-plan stops writing
        // and stops waiting at once (the MediaLive calls are fenced by the client as well).
        using var tenure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lease.TenureToken);
        try
        {
            return await ExecuteHeldAsync(channelId, plan, paused, pollInterval, tenure.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && tenure.IsCancellationRequested)
        {
            throw new Aws.MutationFencedException($"channel {channelId}: the lease ended while its plan was being executed", e);
        }
    }

    private async Task<ExecutionResult> ExecuteHeldAsync(
        string channelId,
        ReconcilePlan plan,
        bool paused,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        var mutations = 0;
        foreach (var action in plan.Actions)
        {
            if (action.MutatesChannel && paused)
            {
                LoopLog.PausedWouldMutate(_logger, channelId, Describe(action), ReasonOf(action));
                continue;
            }

            if (action.MutatesChannel && !_lease.IsHeld)
            {
                LoopLog.NotLeader(_logger, channelId, Describe(action));
                return new ExecutionResult(mutations, NotLeader: true, HandBack: false);
            }

            switch (action)
            {
                case SetDestinationStatus status:
                    await _store.WriteStatusAsync(status, cancellationToken);
                    _metrics.DestinationStatus(channelId, status.DestinationId, WireNames.Of(status.Status));
                    await RecordStatusChangeAsync(channelId, status, cancellationToken);
                    break;

                case RecordFailover failover when !paused:
                    LoopLog.Failover(_logger, channelId, failover.DestinationId, WireNames.Of(failover.From), WireNames.Of(failover.To), failover.Reason);
                    await _store.RecordFailoverAsync(channelId, failover, cancellationToken);
                    _metrics.Failover(failover.DestinationId, failover.To == UrlType.Backup ? "failover" : "failback");
                    break;

                case UpdateOutputs update:
                    LoopLog.ChannelAction(_logger, channelId, "update outputs", $"{update.Outputs.Length} managed outputs");
                    await _gateway.ApplyOutputsAsync(channelId, update, cancellationToken);
                    mutations++;
                    // No official waiter exists for UPDATING and an update takes seconds: poll it faster than start/stop.
                    if (!await WaitForIdleAsync(channelId, ChannelState.Updating, Min(pollInterval, UpdatePoll), cancellationToken))
                    {
                        return new ExecutionResult(mutations, NotLeader: false, HandBack: true);
                    }

                    break;

                case StartChannel start:
                    LoopLog.ChannelAction(_logger, channelId, "start", start.Reason);
                    await _sessions.ChannelStartRequestedAsync(channelId, Wanted(plan), cancellationToken);
                    await _gateway.StartAsync(channelId, cancellationToken);
                    mutations++;
                    break;

                case StopChannel stop:
                    LoopLog.ChannelAction(_logger, channelId, stop.Restart ? "stop to restart" : "stop", stop.Reason);
                    await _sessions.ChannelStopRequestedAsync(channelId, stop.Reason, cancellationToken);
                    await _gateway.StopAsync(channelId, cancellationToken);
                    mutations++;
                    if (stop.Restart)
                    {
                        var idle = await WaitForIdleAsync(channelId, ChannelState.Stopping, pollInterval, cancellationToken);

                        // A failover is decided from the health of the running channel; once it is IDLE that evidence
                        // is gone, and a fresh plan would put the failing URL back and restart onto it again (and
                        // again). So a restart that carries a failover finishes the plan it was decided in.
                        if (!idle || !plan.OfType<RecordFailover>().Any())
                        {
                            return new ExecutionResult(mutations, NotLeader: false, HandBack: true);
                        }
                    }

                    break;
            }
        }

        return new ExecutionResult(mutations, NotLeader: false, HandBack: false);
    }

    private static List<string> Wanted(ReconcilePlan plan) =>
        plan.OfType<SetDestinationStatus>()
            .Where(s => s.Status is DestinationStatus.Starting or DestinationStatus.Streaming)
            .Select(s => s.DestinationId)
            .ToList();

    // One Information line and one session record per destination status change, not per run.
    private async Task RecordStatusChangeAsync(string channelId, SetDestinationStatus status, CancellationToken cancellationToken)
    {
        var known = _lastStatus.TryGetValue(status.DestinationId, out var last) ? last : ((DestinationStatus Status, UrlType? UrlType)?)null;
        if (known == (status.Status, status.UrlType))
        {
            return;
        }

        var before = known?.Status;
        _lastStatus[status.DestinationId] = (status.Status, status.UrlType);
        LoopLog.DestinationStatusChanged(
            _logger,
            channelId,
            status.DestinationId,
            WireNames.Of(status.Status),
            status.UrlType is { } urlType ? WireNames.Of(urlType) : "-",
            status.Reason ?? "-");
        if (status.Status == DestinationStatus.Streaming && before != DestinationStatus.Streaming)
        {
            await _sessions.DestinationStreamingAsync(channelId, status.DestinationId, status.UrlType, cancellationToken);
        }
        else if (before == DestinationStatus.Streaming)
        {
            await _sessions.DestinationStoppedAsync(channelId, status.DestinationId, status.Reason, cancellationToken);
        }
    }

    private async Task<bool> WaitForIdleAsync(string channelId, ChannelState transitional, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.TransitionBudget;
        while (true)
        {
            await Task.Delay(pollInterval, _time, cancellationToken);
            var observed = await _gateway.ObserveAsync(channelId, cancellationToken);
            if (observed.State == ChannelState.Idle)
            {
                return true;
            }

            if (observed.State != transitional)
            {
                return false;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                LoopLog.TransitionSlow(_logger, channelId, observed.State.ToString(), _options.TransitionBudget);
                return false;
            }
        }
    }

    private static readonly TimeSpan UpdatePoll = TimeSpan.FromSeconds(1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    internal static string Describe(PlanAction action) => action switch
    {
        UpdateOutputs => "update_outputs",
        StartChannel => "start_channel",
        StopChannel => "stop_channel",
        SetDestinationStatus => "set_status",
        RecordFailover => "record_failover",
        _ => action.GetType().Name,
    };

    private static string ReasonOf(PlanAction action) => action switch
    {
        StartChannel s => s.Reason,
        StopChannel s => s.Reason,
        UpdateOutputs u => $"{u.Outputs.Length} managed outputs",
        _ => "",
    };
}
