using System.Collections.Concurrent;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Health;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// Watches what changed and writes it down: metrics, one log line per change, and the session history. History is
/// best effort and follows what MediaLive reports plus the stored run pointer, so a failed write is retried on the next
/// look, a worker restarted during STOPPING closes the run it finds open, and a channel started by hand gets a run that
/// says so. Nothing here can fail a reconcile.
/// </summary>
public sealed partial class ChannelChangeObserver(
    ISessionRecorder sessions,
    HealthMonitor health,
    ChannelMemory memory,
    ILeaderLease lease,
    LoopOptions options,
    TimeProvider time,
    LunoraMetrics metrics,
    ILogger<ChannelChangeObserver> logger)
{
    public const string StartedOutsideLunora = "started outside Lunora (no start request from this worker)";

    // The state whose history has been written, per channel: history is written once per change, and again until it succeeds.
    private readonly ConcurrentDictionary<string, ChannelState> _historyWritten = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StartNote> _starts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _stops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DestinationStatus Status, UrlType? UrlType)> _lastStatus = new(StringComparer.Ordinal);

    /// <summary>Metrics and log lines for what one look saw; writes nothing.</summary>
    public void Observed(ReconcileInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var channelId = inputs.Observed.ChannelId;
        var state = inputs.Observed.State;
        metrics.ChannelState(channelId, state.ToString());
        if (inputs.PreviousState is { } previous && previous != state)
        {
            LoopLog.ChannelStateChanged(logger, channelId, state.ToString().ToUpperInvariant());
        }

        if (health.NewestSignalAt(channelId) is { } at)
        {
            metrics.HealthSignal(channelId, at);
        }

        foreach (var alert in health.UnattributedFor(channelId))
        {
            LoopLog.UnattributedAlert(logger, channelId, alert.AlertType, alert.AlertId, alert.Pipeline);
        }

        var running = state is ChannelState.Running or ChannelState.Recovering;
        var ran = memory.CountRunning(channelId, running, time.GetUtcNow());
        if (ran > TimeSpan.Zero)
        {
            metrics.ChannelRunning(channelId, ran, options.CostPerHour);
        }
    }

    /// <summary>Counts what a reconcile planned (not the read-only <c>plan</c> command's plans).</summary>
    public void Planned(ReconcilePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var action in plan.Actions)
        {
            metrics.PlannedAction(PlanExecutor.Describe(action));
        }
    }

    /// <summary>
    /// A run ended on a transition: switches it recorded are carried to the plans made while the channel is STOPPING or
    /// IDLE, which no longer see the health behind them.
    /// </summary>
    public void TransitionStarted(string channelId, ReconcilePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var failover in plan.OfType<RecordFailover>())
        {
            health.RememberSwitch(channelId, failover.DestinationId, failover.To);
        }
    }

    /// <summary>Notes why Lunora asked for a start, for the run MediaLive's next report opens.</summary>
    public void StartRequested(string channelId, string reason, IReadOnlyCollection<string> wanted) =>
        _starts[channelId] = new StartNote(reason, time.GetUtcNow(), wanted);

    public void StopRequested(string channelId, string reason) => _stops[channelId] = reason;

    /// <summary>Opens or closes the channel's run from what MediaLive reports and the stored pointer (leader only, best effort).</summary>
    public async Task RecordHistoryAsync(ObservedChannel observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var channelId = observed.ChannelId;
        var state = observed.State;
        if (!lease.IsHeld || (_historyWritten.TryGetValue(channelId, out var written) && written == state))
        {
            return;
        }

        try
        {
            switch (state)
            {
                case ChannelState.Starting or ChannelState.Running or ChannelState.Recovering:
                {
                    var note = _starts.TryGetValue(channelId, out var n) ? n : null;
                    await sessions.OpenRunAsync(channelId, note?.Reason ?? StartedOutsideLunora, note?.At ?? time.GetUtcNow(), note?.Wanted ?? [], cancellationToken);
                    if (state != ChannelState.Starting)
                    {
                        await sessions.ChannelRunningAsync(channelId, cancellationToken);
                        _starts.TryRemove(channelId, out _);
                    }

                    break;
                }

                case ChannelState.Stopping:
                    if (_stops.TryGetValue(channelId, out var stopping))
                    {
                        await sessions.ChannelStopRequestedAsync(channelId, stopping, cancellationToken);
                    }

                    break;

                case ChannelState.Idle or ChannelState.CreateFailed or ChannelState.UpdateFailed or ChannelState.Deleted:
                    if (_stops.TryRemove(channelId, out var stopped))
                    {
                        await sessions.ChannelStopRequestedAsync(channelId, stopped, cancellationToken);
                    }

                    // Closes the run the pointer names, whoever opened it and whenever this process first looked.
                    await sessions.ChannelIdleAsync(channelId, cancellationToken);
                    break;
            }

            _historyWritten[channelId] = state;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHistoryFailed(logger, channelId, state.ToString().ToUpperInvariant(), ex.GetType().Name);
        }
    }

    /// <summary>One log line and one interval record per destination status change, not per run (history best effort).</summary>
    public async Task StatusWrittenAsync(string channelId, SetDestinationStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var known = _lastStatus.TryGetValue(status.DestinationId, out var last) ? last : ((DestinationStatus Status, UrlType? UrlType)?)null;
        if (known == (status.Status, status.UrlType))
        {
            return;
        }

        var before = known?.Status;
        _lastStatus[status.DestinationId] = (status.Status, status.UrlType);
        LoopLog.DestinationStatusChanged(
            logger,
            channelId,
            status.DestinationId,
            WireNames.Of(status.Status),
            status.UrlType is { } urlType ? WireNames.Of(urlType) : "-",
            status.Reason ?? "-");
        try
        {
            if (status.Status == DestinationStatus.Streaming && before != DestinationStatus.Streaming)
            {
                await sessions.DestinationStreamingAsync(channelId, status.DestinationId, status.UrlType, cancellationToken);
            }
            else if (before == DestinationStatus.Streaming)
            {
                await sessions.DestinationStoppedAsync(channelId, status.DestinationId, status.Reason, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHistoryFailed(logger, channelId, "destination " + status.DestinationId, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Channel {ChannelId}: history for {What} not written ({ErrorType}); control goes on, retried on the next change")]
    private static partial void LogHistoryFailed(ILogger logger, string channelId, string what, string errorType);

    private sealed record StartNote(string Reason, DateTimeOffset At, IReadOnlyCollection<string> Wanted);
}
