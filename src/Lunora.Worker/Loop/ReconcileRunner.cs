using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using Lunora.Worker.Health;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// One reconcile of one channel: read desired, observed and health; plan; execute; say when to look again. Every run
/// re-reads everything (level-triggered), so a run that dies half-way is repaired by the next one.
/// </summary>
public sealed class ReconcileRunner
{
    private readonly IDesiredStateStore _store;
    private readonly IChannelGateway _gateway;
    private readonly HealthMonitor _health;
    private readonly IReconcilePauseReader _control;
    private readonly PlanExecutor _executor;
    private readonly ChannelMemory _memory;
    private readonly IFailureClassifier _classifier;
    private readonly ISessionRecorder _sessions;
    private readonly ILeaderLease _lease;
    private readonly ReconcilePolicy _policy;
    private readonly LoopOptions _options;
    private readonly TimeProvider _time;
    private readonly LunoraMetrics _metrics;
    private readonly ILogger<ReconcileRunner> _logger;

    public ReconcileRunner(
        IDesiredStateStore store,
        IChannelGateway gateway,
        HealthMonitor health,
        IReconcilePauseReader control,
        PlanExecutor executor,
        ChannelMemory memory,
        IFailureClassifier classifier,
        ISessionRecorder sessions,
        ILeaderLease lease,
        ReconcilePolicy policy,
        LoopOptions options,
        TimeProvider time,
        LunoraMetrics metrics,
        ILogger<ReconcileRunner> logger)
    {
        _store = store;
        _gateway = gateway;
        _health = health;
        _control = control;
        _executor = executor;
        _memory = memory;
        _classifier = classifier;
        _sessions = sessions;
        _lease = lease;
        _policy = policy;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<ReconcileOutcome> RunAsync(string channelId, CancellationToken cancellationToken)
    {
        using var activity = LunoraActivity.Source.StartActivity("lunora.reconcile");
        activity?.SetTag("lunora.channel", channelId);
        activity?.SetTag("lunora.reconcile_id", ReconcileScope.CurrentId);
        try
        {
            var (plan, _, observed, _, paused) = await PlanAsync(channelId, cancellationToken);
            var execution = await _executor.ExecuteAsync(channelId, plan, paused, _policy.TransitionPollInterval, cancellationToken);

            var now = _time.GetUtcNow();
            var running = observed.State is ChannelState.Running or ChannelState.Recovering;
            var ran = _memory.CountRunning(channelId, running, now);
            if (ran > TimeSpan.Zero)
            {
                _metrics.ChannelRunning(channelId, ran, _options.CostPerHour);
            }

            if (execution.NotLeader)
            {
                return new ReconcileOutcome.NotLeader(_options.NotLeaderRetry);
            }

            if (execution.HandBack)
            {
                return new ReconcileOutcome.Converged(TimeSpan.Zero, execution.Mutations);
            }

            var next = plan.RequeueAfter;
            if (running || execution.Mutations > 0)
            {
                // A running channel's outputs are watched; a mutation is followed up at the transition poll interval.
                next = Min(next, running ? _options.HealthPollInterval : _policy.TransitionPollInterval);
            }

            return paused ? new ReconcileOutcome.Paused(next) : new ReconcileOutcome.Converged(next, execution.Mutations);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            return _classifier.IsTransient(ex)
                ? new ReconcileOutcome.TransientFailure(ex)
                : new ReconcileOutcome.TerminalFailure(ex.Message, ex);
        }
    }

    /// <summary>Reads everything and plans, without executing: what the <c>plan</c> command shows.</summary>
    public async Task<PlanView> PlanAsync(string channelId, CancellationToken cancellationToken)
    {
        var desired = await _store.ReadAsync(channelId, cancellationToken);
        var now = _time.GetUtcNow();
        var observed = _memory.Stamp(await _gateway.ObserveAsync(channelId, cancellationToken), now, out var previous);
        _metrics.ChannelState(channelId, observed.State.ToString());
        if (previous != observed.State && _lease.IsHeld)
        {
            await RecordTransitionAsync(channelId, previous, observed.State, cancellationToken);
        }

        var paused = await _control.IsPausedAsync(channelId, cancellationToken);
        var health = await _health.ObserveAsync(desired, observed, _policy.FailbackAfter, cancellationToken);
        if (_health.NewestSignalAt(channelId) is { } at)
        {
            _metrics.HealthSignal(channelId, at);
        }

        foreach (var alert in _health.UnattributedFor(channelId))
        {
            LoopLog.UnattributedAlert(_logger, channelId, alert.AlertType, alert.AlertId, alert.Pipeline);
        }

        now = _time.GetUtcNow();
        var plan = Planner.Plan(desired, observed, health, _policy, now);
        _memory.RememberPlan(channelId, plan, now);
        foreach (var action in plan.Actions)
        {
            _metrics.PlannedAction(PlanExecutor.Describe(action));
        }

        return new PlanView(plan, desired, observed, health, paused);
    }

    // The session history follows what MediaLive reports, so a crash between a call and its record is repaired on the next look.
    private async Task RecordTransitionAsync(string channelId, ChannelState? previous, ChannelState state, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            LoopLog.ChannelStateChanged(_logger, channelId, state.ToString().ToUpperInvariant());
        }

        if (state == ChannelState.Running)
        {
            await _sessions.ChannelRunningAsync(channelId, cancellationToken);
        }
        else if (state == ChannelState.Idle && previous is ChannelState.Stopping or ChannelState.Running or ChannelState.Recovering)
        {
            await _sessions.ChannelIdleAsync(channelId, cancellationToken);
        }
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } aa && aa < b ? aa : b;
}
