using System.Collections.Concurrent;
using Lunora.Domain.Policy;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// The engine: takes channels from the keyed queue, runs one reconcile per channel at a time (several channels at
/// once, up to a bound) and maps each outcome to the next look in one switch, the only place that decides when to look
/// again (controller-runtime's reconcileHandler). No run waits for MediaLive: a transition is a requeue. Triggers
/// (intent changes, commands, events) and a periodic resync feed the queue.
/// </summary>
public sealed class ReconcileLoopService : BackgroundService, IReconcileTrigger
{
    private readonly ReconcileQueue _queue;
    private readonly ReconcileRunner _runner;
    private readonly LoopOptions _options;
    private readonly ReconcilePolicy _policy;
    private readonly TimeProvider _time;
    private readonly LunoraMetrics _metrics;
    private readonly LoopHealth _loopHealth;
    private readonly IChannelDirectory _channels;
    private readonly Func<double> _jitter;
    private readonly ILogger<ReconcileLoopService> _logger;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public ReconcileLoopService(
        ReconcileQueue queue,
        ReconcileRunner runner,
        LoopOptions options,
        ReconcilePolicy policy,
        TimeProvider time,
        LunoraMetrics metrics,
        LoopHealth loopHealth,
        IChannelDirectory channels,
        Func<double> jitter,
        ILogger<ReconcileLoopService> logger)
    {
        _queue = queue;
        _runner = runner;
        _options = options;
        _policy = policy;
        _time = time;
        _metrics = metrics;
        _loopHealth = loopHealth;
        _channels = channels;
        _jitter = jitter;
        _logger = logger;
        _metrics.ObserveQueue(() => _queue.Depth);
    }

    public void Trigger(string channelId, string reason) => _queue.Add(channelId, TimeSpan.Zero, reason);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, _options.MaxConcurrentReconciles))
            .Select(_ => WorkAsync(stoppingToken))
            .ToList();
        workers.Add(ResyncAsync(stoppingToken));
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var channel in await _channels.ListAsync(stoppingToken))
            {
                _queue.Add(channel, TimeSpan.Zero, "resync");
            }

            await Task.Delay(_options.ResyncInterval, _time, stoppingToken);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var item = await _queue.TakeAsync(stoppingToken);
            _metrics.QueueWait(item.Waited);
            var started = _time.GetTimestamp();
            ReconcileOutcome outcome;
            using (ReconcileScope.Begin(_logger, item.Key))
            {
                try
                {
                    LoopLog.Reconciling(_logger, item.Key, item.Reason);
                    outcome = await _runner.RunAsync(item.Key, stoppingToken);
                }
                finally
                {
                    _queue.Done(item.Key);
                }

                var elapsed = _time.GetElapsedTime(started);
                LoopLog.Reconciled(_logger, item.Key, elapsed, outcome);
                _metrics.ReconcileRun(item.Key, outcome.Result, elapsed);
                Schedule(item.Key, outcome);
            }
        }
    }

    private void Schedule(string channelId, ReconcileOutcome outcome)
    {
        switch (outcome)
        {
            case ReconcileOutcome.Converged converged:
                _failures.TryRemove(channelId, out _);
                _loopHealth.Succeeded(_time.GetUtcNow());
                _metrics.ReconcileCompleted(channelId);
                // A running channel's outputs are watched; a mutation is followed up at the transition poll interval.
                var next = converged.Running ? Min(converged.PlanRequeueAfter, _options.HealthPollInterval)
                    : converged.Mutations > 0 ? Min(converged.PlanRequeueAfter, _policy.TransitionPollInterval)
                    : converged.PlanRequeueAfter;
                if (next is { } after)
                {
                    _queue.Add(channelId, after, "requeue");
                }

                break;

            case ReconcileOutcome.AwaitingTransition awaiting:
                // Looked at as the official waiters poll; the worker slot is free meanwhile.
                _failures.TryRemove(channelId, out _);
                _loopHealth.Succeeded(_time.GetUtcNow());
                _metrics.ReconcileCompleted(channelId);
                _queue.Add(channelId, _policy.TransitionPollInterval, "awaiting " + awaiting.Transition);
                break;

            case ReconcileOutcome.Paused paused:
                _failures.TryRemove(channelId, out _);
                _loopHealth.Succeeded(_time.GetUtcNow());
                _metrics.ReconcileCompleted(channelId);
                if ((paused.Running ? Min(paused.PlanRequeueAfter, _options.HealthPollInterval) : paused.PlanRequeueAfter) is { } pausedAfter)
                {
                    _queue.Add(channelId, pausedAfter, "requeue (paused)");
                }

                break;

            case ReconcileOutcome.NotLeader:
                // A standby is healthy: it reads and plans, and stands ready to take over.
                _loopHealth.Succeeded(_time.GetUtcNow());
                _metrics.ReconcileCompleted(channelId);
                _queue.Add(channelId, _options.NotLeaderRetry, "not leader");
                break;

            case ReconcileOutcome.TransientFailure transient:
            {
                var failures = _failures.AddOrUpdate(channelId, 1, (_, n) => n + 1);
                var delay = Backoff(failures);
                LoopLog.TransientFailure(_logger, channelId, delay, transient.Error.GetType().Name, transient.Error.Message);
                _queue.Add(channelId, delay, "backoff");
                break;
            }

            case ReconcileOutcome.TerminalFailure terminal:
                _failures.TryRemove(channelId, out _);
                LoopLog.TerminalFailure(_logger, channelId, terminal.Reason);
                _metrics.TerminalFailure(channelId, terminal.Error);
                break;
        }
    }

    private static TimeSpan Min(TimeSpan? a, TimeSpan b) => a is { } aa && aa < b ? aa : b;

    // Exponential, capped, with full-range jitter between 50% and 100% so that workers retrying together spread out.
    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 16);
        var raw = Math.Min(_options.BackoffCap.TotalMilliseconds, _options.BackoffBase.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(raw * (0.5 + (0.5 * _jitter())));
    }
}
