using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// One reconcile of one channel, in four separate pieces: read (<see cref="ReconcileInputReader"/>), plan (the pure
/// <see cref="Planner"/>), execute (<see cref="PlanExecutor"/>) and observe (<see cref="ChannelChangeObserver"/>).
/// Every run re-reads everything (level-triggered), so a run that dies half-way is repaired by the next one. It returns
/// facts; the loop alone decides when to look again.
/// </summary>
public sealed class ReconcileRunner(
    ReconcileInputReader reader,
    PlanExecutor executor,
    ChannelChangeObserver changes,
    TerminalFailureReporter terminal,
    RejectedDestinations rejected,
    IFailureClassifier classifier,
    ReconcilePolicy policy,
    TimeProvider time,
    State.DestinationHealthBoard? healthBoard = null)
{
    public async Task<ReconcileOutcome> RunAsync(string channelId, CancellationToken cancellationToken)
    {
        using var activity = LunoraActivity.Source.StartActivity("lunora.reconcile");
        activity?.SetTag("lunora.channel", channelId);
        activity?.SetTag("lunora.reconcile_id", ReconcileScope.CurrentId);
        DesiredChannel? desired = null;
        try
        {
            desired = await reader.ReadDesiredAsync(channelId, cancellationToken);
            var inputs = await reader.ReadAsync(desired, cancellationToken);
            changes.Observed(inputs);
            await changes.RecordHistoryAsync(inputs.Observed, cancellationToken);

            var plan = Plan(inputs);
            changes.Planned(plan);
            healthBoard?.Set(channelId, inputs.Health, inputs.Desired.Destinations.Select(d => d.Id));
            var execution = await executor.ExecuteAsync(channelId, plan, inputs.Paused, cancellationToken);
            var running = inputs.Observed.State is Domain.Observed.ChannelState.Running or Domain.Observed.ChannelState.Recovering;
            switch (execution)
            {
                case ExecutionResult.NotLeader:
                    return new ReconcileOutcome.NotLeader();

                case ExecutionResult.AwaitTransition waiting:
                    changes.TransitionStarted(channelId, plan);
                    return new ReconcileOutcome.AwaitingTransition(waiting.Mutations, waiting.Transition);

                case ExecutionResult.DeliveryRetry retry:
                    // The channel is untouched and the other paths applied; only the failed relay calls are tried again, with backoff.
                    return new ReconcileOutcome.TransientFailure(new Relay.RelayApiException(retry.Reason));

                case ExecutionResult.Completed completed:
                    return inputs.Paused
                        ? new ReconcileOutcome.Paused(plan.RequeueAfter, running)
                        : new ReconcileOutcome.Converged(plan.RequeueAfter, running, completed.Mutations);

                default:
                    throw new InvalidOperationException($"Unhandled execution result {execution.GetType().Name}.");
            }
        }
        catch (OutputsRejectedException ex) when (desired is not null)
        {
            // Those destinations fail alone: the next plan marks them error and updates the channel without them.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            await rejected.RememberAsync(desired, ex.Reasons, cancellationToken);
            return new ReconcileOutcome.TransientFailure(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            if (classifier.IsTransient(ex))
            {
                return new ReconcileOutcome.TransientFailure(ex);
            }

            // Terminal: only a person can help, so say it where the UI looks.
            var reason = await terminal.ReportAsync(channelId, desired, ex, cancellationToken);
            return new ReconcileOutcome.TerminalFailure(reason, ex);
        }
    }

    /// <summary>Reads everything and plans, without executing or writing anything: what <c>plan</c> and <c>status</c> show.</summary>
    public async Task<PlanView> PlanAsync(string channelId, CancellationToken cancellationToken)
    {
        var inputs = await reader.ReadAsync(channelId, cancellationToken);
        return new PlanView(Plan(inputs), inputs.Desired, inputs.Observed, inputs.Health, inputs.Paused);
    }

    private ReconcilePlan Plan(ReconcileInputs inputs) => inputs.Relays is { } relays
        ? Domain.Delivery.RelayPlanner.Plan(inputs.Desired, inputs.Observed, relays, inputs.Health, policy, time.GetUtcNow())
        : Planner.Plan(inputs.Desired, inputs.Observed, inputs.Health, policy, time.GetUtcNow());
}
