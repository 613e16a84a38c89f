using Lunora.Domain.Delivery;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// The only code that changes the world. Executes a plan's actions in order and checks the lease before every channel
/// mutation. It never waits for MediaLive: a mutation that starts a transition the rest of the plan must not overlap
/// (a restart's stop, an update followed by a start) ends the channel mutations of this run with
/// <see cref="ExecutionResult.AwaitTransition"/>, and the loop plans again from fresh reads once the transition is over.
/// History is not written here: <see cref="ChannelChangeObserver"/> does it, after the MediaLive call, best effort.
/// </summary>
public sealed class PlanExecutor
{
    private readonly IChannelGateway _gateway;
    private readonly IDesiredStateStore _store;
    private readonly ILeaderLease _lease;
    private readonly LunoraMetrics _metrics;
    private readonly ChannelChangeObserver _changes;
    private readonly ILogger<PlanExecutor> _logger;
    private readonly Relay.RelayGateway? _relays;

    /// <param name="relays">Relay mode's delivery backend; null in direct mode, where a plan has no relay actions.</param>
    public PlanExecutor(
        IChannelGateway gateway,
        IDesiredStateStore store,
        ILeaderLease lease,
        LunoraMetrics metrics,
        ChannelChangeObserver changes,
        ILogger<PlanExecutor> logger,
        Relay.RelayGateway? relays = null)
    {
        _relays = relays;
        _gateway = gateway;
        _store = store;
        _lease = lease;
        _metrics = metrics;
        _changes = changes;
        _logger = logger;
    }

    public async Task<ExecutionResult> ExecuteAsync(string channelId, ReconcilePlan plan, bool paused, CancellationToken cancellationToken)
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

            return new ExecutionResult.NotLeader(0);
        }

        // Everything this plan does ends with the lease's tenure: a holder that loses the lease mid-plan stops writing
        // and stops waiting at once (the MediaLive calls are fenced by the client as well).
        using var tenure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lease.TenureToken);
        try
        {
            return await ExecuteHeldAsync(channelId, plan, paused, tenure.Token);
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
        CancellationToken cancellationToken)
    {
        var mutations = 0;
        string? transition = null;
        // Relay calls that failed, by destination: its status this run says so instead of what the plan expected.
        var deliveryFailures = new Dictionary<string, Relay.RelayActionResult>(StringComparer.Ordinal);
        string? retry = null;
        for (var i = 0; i < plan.Actions.Length; i++)
        {
            var action = plan.Actions[i];
            if (action.MutatesChannel && paused)
            {
                LoopLog.PausedWouldMutate(_logger, channelId, Describe(action), ReasonOf(action));
                continue;
            }

            if (action.MutatesChannel && !_lease.IsHeld)
            {
                LoopLog.NotLeader(_logger, channelId, Describe(action));
                return new ExecutionResult.NotLeader(mutations);
            }

            if (action.MutatesChannel && transition is not null)
            {
                // Planned for after a transition this run started: the next plan decides it from what is then true.
                continue;
            }

            switch (action)
            {
                case RelayPathAction held when paused:
                    LoopLog.PausedWouldMutate(_logger, channelId, Describe(held), $"relay path {held.PathName}");
                    break;

                case RelayPathAction path:
                {
                    var result = _relays is null
                        ? new Relay.RelayActionResult(path, false, false, "relay delivery is not configured")
                        : await _relays.ApplyAsync(path, cancellationToken);
                    if (!result.Succeeded)
                    {
                        var reason = $"{RelayContext.RelayName(path.Relay)}: {result.Error}";
                        LoopLog.RelayActionFailed(_logger, channelId, Describe(path), path.PathName, result.Transient, reason);
                        retry ??= result.Transient ? reason : null;
                        if (path is AddRelayPath { Path.DestinationId: var added })
                        {
                            deliveryFailures[added] = result with { Error = reason };
                        }
                        else if (path is RetargetRelayPath { Path.DestinationId: var moved })
                        {
                            deliveryFailures[moved] = result with { Error = reason };
                        }
                    }

                    break;
                }

                case SetDestinationStatus planned:
                    var status = deliveryFailures.TryGetValue(planned.DestinationId, out var failure)
                        ? planned with
                        {
                            // A terminal refusal (a missing key, a refused path) waits for a change; a transient one is retried.
                            Status = failure.Transient ? planned.Status : DestinationStatus.Error,
                            Reason = failure.Transient ? $"{failure.Error}; retrying" : failure.Error,
                        }
                        : planned;
                    await _store.WriteStatusAsync(status, cancellationToken);
                    _metrics.DestinationStatus(channelId, status.DestinationId, WireNames.Of(status.Status));
                    await _changes.StatusWrittenAsync(channelId, status, cancellationToken);
                    break;

                case RecordFailover failover when !paused:
                    // Recorded before the stop that starts it, so flap damping and the metric count a switch that fails half-way.
                    LoopLog.Failover(_logger, channelId, failover.DestinationId, WireNames.Of(failover.From), WireNames.Of(failover.To), failover.Reason);
                    await _store.RecordFailoverAsync(channelId, failover, cancellationToken);
                    _metrics.Failover(channelId, failover.DestinationId, failover.To == UrlType.Backup ? "failover" : "failback");
                    break;

                case UpdateOutputs update:
                    LoopLog.ChannelAction(_logger, channelId, "update outputs", $"{update.Outputs.Length} managed outputs");
                    await _gateway.ApplyOutputsAsync(channelId, update, cancellationToken);
                    mutations++;
                    // MediaLive edits only while IDLE and an update passes through UPDATING: a start must wait for it.
                    if (plan.Actions.Skip(i + 1).Any(a => a.MutatesChannel))
                    {
                        transition = "UPDATING";
                    }

                    break;

                case StartChannel start:
                    LoopLog.ChannelAction(_logger, channelId, "start", start.Reason);
                    await _gateway.StartAsync(channelId, cancellationToken);
                    _changes.StartRequested(channelId, start.Reason, Wanted(plan));
                    mutations++;
                    break;

                case StopChannel stop:
                    LoopLog.ChannelAction(_logger, channelId, stop.Restart ? "stop to restart" : "stop", stop.Reason);
                    await _gateway.StopAsync(channelId, cancellationToken);
                    _changes.StopRequested(channelId, stop.Reason);
                    mutations++;
                    if (stop.Restart)
                    {
                        transition = "STOPPING";
                    }

                    break;
            }
        }

        return (transition, retry) switch
        {
            ({ } t, _) => new ExecutionResult.AwaitTransition(mutations, t),
            (null, { } r) => new ExecutionResult.DeliveryRetry(mutations, r),
            _ => new ExecutionResult.Completed(mutations),
        };
    }

    private static List<string> Wanted(ReconcilePlan plan) =>
        plan.OfType<SetDestinationStatus>()
            .Where(s => s.Status is DestinationStatus.Starting or DestinationStatus.Streaming)
            .Select(s => s.DestinationId)
            .ToList();

    internal static string Describe(PlanAction action) => action switch
    {
        UpdateOutputs => "update_outputs",
        StartChannel => "start_channel",
        StopChannel => "stop_channel",
        SetDestinationStatus => "set_status",
        RecordFailover => "record_failover",
        AddRelayPath => "add_relay_path",
        RetargetRelayPath => "retarget_relay_path",
        RemoveRelayPath => "remove_relay_path",
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
