using System.Collections.Immutable;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Planning;

/// <summary>
/// Applies a plan the way the worker's executor does, in order, so properties can check each step and plan again
/// on the world the plan leaves behind.
/// </summary>
internal static class PlanSimulator
{
    /// <summary>The case after <paramref name="plan"/>, plus every step that touched the channel while it was not IDLE.</summary>
    public static (PlanningCase After, ImmutableArray<string> Violations) Apply(PlanningCase before, ReconcilePlan plan)
    {
        var observed = before.Observed;
        var destinations = before.Desired.Destinations;
        var violations = ImmutableArray.CreateBuilder<string>();
        var state = observed.State;
        var stateChanged = false;

        foreach (var action in plan.Actions)
        {
            switch (action)
            {
                case StopChannel:
                    state = ChannelState.Idle;
                    stateChanged = true;
                    break;
                case UpdateOutputs update:
                    if (state != ChannelState.Idle)
                    {
                        violations.Add($"UpdateOutputs while {state}");
                    }

                    observed = observed with
                    {
                        ManagedOutputs = [.. update.Outputs.Select(o => new ObservedOutput(
                            o.GroupName,
                            [.. o.Pipelines.Select(p => new ObservedTarget(p.Url, p.KeyFingerprint))],
                            o.PresetId))],
                    };
                    break;
                case StartChannel:
                    if (state != ChannelState.Idle)
                    {
                        violations.Add($"StartChannel while {state}");
                    }

                    state = ChannelState.Running;
                    stateChanged = true;
                    break;
                case RecordFailover failover:
                    destinations = [.. destinations.Select(d => d.Id == failover.DestinationId
                        ? d with { RecentFailovers = d.RecentFailovers.Add(failover.At) }
                        : d)];
                    break;
            }
        }

        // The loop stamps StateSince when it first sees a new state.
        observed = observed with { State = state, StateSince = stateChanged ? before.Now : observed.StateSince };
        var after = before with { Observed = observed, Desired = before.Desired with { Destinations = destinations } };
        return (after, violations.ToImmutable());
    }
}
