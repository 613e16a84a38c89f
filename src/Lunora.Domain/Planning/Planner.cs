using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Planning;

/// <summary>
/// The reconcile decision, as a pure function. Level-based: it compares what is wanted with what is, never remembers
/// events, and planning again after a plan has been applied yields no mutation. The rules are numbered as in the
/// design issue; each has its own tests.
/// </summary>
public static class Planner
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    public static ReconcilePlan Plan(
        DesiredChannel desired,
        ObservedChannel observed,
        HealthSnapshot health,
        ReconcilePolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(policy);

        var (valid, errors) = DestinationValidator.Validate(desired.Destinations);
        var actions = ImmutableArray.CreateBuilder<PlanAction>();
        var wanting = valid.Where(d => d.WantsToStream).ToImmutableArray();
        var observedByGroup = observed.ManagedOutputs
            .GroupBy(o => o.GroupName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // Rule 5: a channel that failed or is gone is not ours to fix; say why on every destination that wanted it.
        if (observed.State is ChannelState.CreateFailed or ChannelState.UpdateFailed or ChannelState.Deleted)
        {
            var reason = $"channel {observed.ChannelId} is {StateName(observed.State)}; fix or recreate it in MediaLive";
            foreach (var d in desired.Destinations)
            {
                if (errors.TryGetValue(d.Id, out var error))
                {
                    actions.Add(new SetDestinationStatus(d.Id, DestinationStatus.Error, null, error, d.DesiredVersion));
                }
                else if (d.WantsToStream)
                {
                    actions.Add(new SetDestinationStatus(d.Id, DestinationStatus.Error, null, reason, d.DesiredVersion));
                }
                else
                {
                    actions.Add(new SetDestinationStatus(d.Id, DestinationStatus.Ready, null, null, d.DesiredVersion));
                }
            }

            return new ReconcilePlan(actions.ToImmutable(), null);
        }

        // Decide each wanted RTMP destination's targets, including single-pipeline failover (rule 7).
        var routes = new Dictionary<string, Route>(StringComparer.Ordinal);
        var failovers = new List<RecordFailover>();
        TimeSpan? wakeForHealth = null;
        foreach (var d in wanting.Where(d => d.Platform != Platform.Hls))
        {
            var route = Route.For(d, observed, observedByGroup, health, policy, now);
            routes[d.Id] = route;
            if (route.Failover is { } failover)
            {
                failovers.Add(failover);
            }

            wakeForHealth = Min(wakeForHealth, route.WakeAfter);
        }

        var desiredOutputs = routes.Values
            .Select(r => r.Output)
            .OrderBy(o => o.GroupName, StringComparer.Ordinal)
            .ToImmutableArray();
        var outputsDiffer = !SameOutputs(desiredOutputs, observedByGroup);
        // A change stamped further ahead than any plausible clock skew is not trusted: it would hold a stop or a restart off until then.
        // Invalid destinations are planned as if absent (rule 8), so their changes do not count either.
        var lastChange = valid.Select(d => d.ChangedAt).Where(t => t is not null && t <= now + MaxClockSkew).Max();

        TimeSpan? requeue = null;
        var channelWillRun = false;
        var restartPlanned = false;

        // Relay mode: managed outputs are relay paths, which change whatever the channel's state and never restart it,
        // so no change waits for a coalescing window or a transition (Delivery/RelayPlanner turns this into path actions).
        var relay = policy.Delivery == Delivery.DeliveryMode.Relay;
        if (relay && outputsDiffer)
        {
            actions.AddRange(failovers);
            actions.Add(new UpdateOutputs(desiredOutputs, observed.UnmanagedFingerprint));
        }

        switch (observed.State)
        {
            // Rule 4: never update or start from a transition; look again as the official waiters do.
            case ChannelState.Starting or ChannelState.Stopping or ChannelState.Updating
                or ChannelState.Creating or ChannelState.Deleting or ChannelState.Recovering:
                requeue = policy.TransitionPollInterval;
                break;

            case ChannelState.Idle when wanting.Length > 0:
                // Rule 1: outputs first (MediaLive edits only while IDLE), then start.
                // Rule 7: a switch is recorded before it is attempted, so flap damping counts one that fails half-way.
                if (!relay)
                {
                    actions.AddRange(failovers);
                    if (outputsDiffer)
                    {
                        actions.Add(new UpdateOutputs(desiredOutputs, observed.UnmanagedFingerprint));
                    }
                }

                actions.Add(new StartChannel(StartReason(wanting)));
                channelWillRun = true;
                requeue = policy.TransitionPollInterval;
                break;

            case ChannelState.Idle:
                // Nothing wants to stream: leave the idle channel (and its outputs) alone; the next start rewrites them.
                break;

            case ChannelState.Running when wanting.Length == 0:
            {
                // Rule 3: stop after the idle grace, measured from the last intent change, i.e. when the last destination stopped
                // wanting to stream. Not from when this worker first saw the channel running: a restarted worker would grant a
                // fresh grace every time. Unknown means the grace cannot be proven to be running, so it counts as over: a
                // forgotten channel costs money.
                var idleSince = lastChange ?? now - policy.IdleGrace;
                var stopAt = idleSince + policy.IdleGrace;
                if (now >= stopAt)
                {
                    // Invalid destinations are planned as if absent (rule 8), so they must not change the reason either.
                    actions.Add(new StopChannel(
                        valid.Length == 0
                            ? "no destinations are configured; stopping after the idle grace"
                            : "no destination wants to stream; stopping after the idle grace",
                        Restart: false));
                    requeue = policy.TransitionPollInterval;
                }
                else
                {
                    requeue = stopAt - now;
                }

                channelWillRun = true;
                break;
            }

            case ChannelState.Running when outputsDiffer && !relay:
            {
                // Rule 2: stop, update, start, but only once the burst of changes has settled; a failover does not wait.
                // No known change (outputs drifted, a key rotated) means nothing is still settling.
                var settleAt = lastChange is { } changed ? changed + policy.CoalesceWindow : now;
                if (failovers.Count > 0 || now >= settleAt)
                {
                    // Rule 7: the switch is recorded before the stop that starts it.
                    actions.AddRange(failovers);
                    actions.Add(new StopChannel(failovers.Count > 0 ? "failover needs new outputs" : "destinations changed", Restart: true));
                    actions.Add(new UpdateOutputs(desiredOutputs, observed.UnmanagedFingerprint));
                    actions.Add(new StartChannel("restart with the new outputs"));
                    restartPlanned = true;
                    requeue = policy.TransitionPollInterval;
                }
                else
                {
                    // A failover falling due before the window ends must not wait for it.
                    requeue = Min(settleAt - now, wakeForHealth);
                }

                channelWillRun = true;
                break;
            }

            case ChannelState.Running:
                channelWillRun = true;
                requeue = wakeForHealth;
                break;
        }

        foreach (var d in desired.Destinations)
        {
            if (errors.TryGetValue(d.Id, out var error))
            {
                actions.Add(new SetDestinationStatus(d.Id, DestinationStatus.Error, null, error, d.DesiredVersion));
                continue;
            }

            actions.Add(StatusFor(d, observed, observedByGroup, routes, channelWillRun, restartPlanned, health.UnavailableSince, relay));
        }

        return new ReconcilePlan(actions.ToImmutable(), requeue);
    }

    private static SetDestinationStatus StatusFor(
        DestinationSpec d,
        ObservedChannel observed,
        Dictionary<string, ObservedOutput> observedByGroup,
        Dictionary<string, Route> routes,
        bool channelWillRun,
        bool restartPlanned,
        DateTimeOffset? healthUnavailableSince,
        bool relay)
    {
        var running = observed.State is ChannelState.Running or ChannelState.Recovering;
        var hasOutput = observedByGroup.ContainsKey(OutputNaming.GroupName(d.Id));

        if (!d.WantsToStream)
        {
            var status = running && hasOutput ? DestinationStatus.Stopping : DestinationStatus.Ready;
            var reason = !d.Enabled ? "disabled" : null;
            return new SetDestinationStatus(d.Id, status, null, reason, d.DesiredVersion);
        }

        if (d.Platform == Platform.Hls)
        {
            return running && !restartPlanned
                ? new SetDestinationStatus(d.Id, DestinationStatus.Streaming, null, null, d.DesiredVersion)
                : new SetDestinationStatus(d.Id, DestinationStatus.Starting, null, StartingReason(observed.State, channelWillRun), d.DesiredVersion);
        }

        var route = routes[d.Id];
        if (running && route.InPlace && !restartPlanned)
        {
            // Health that cannot be read is said, not guessed; the destination streams on as far as anyone knows.
            var reason = route.Reason ?? (healthUnavailableSince is { } since ? HealthUnavailable(since) : null);
            return new SetDestinationStatus(d.Id, DestinationStatus.Streaming, route.UrlType, reason, d.DesiredVersion);
        }

        return new SetDestinationStatus(
            d.Id,
            DestinationStatus.Starting,
            route.UrlType,
            route.Reason ?? (relay && running ? "waiting for the relay to forward to this destination" : StartingReason(observed.State, channelWillRun)),
            d.DesiredVersion);
    }

    internal static string HealthUnavailable(DateTimeOffset since) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"health unavailable since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");

    private static string StartingReason(ChannelState state, bool channelWillRun) => state switch
    {
        ChannelState.Running => "waiting for the channel to restart with this destination",
        ChannelState.Idle when channelWillRun => "starting the channel",
        _ => $"channel is {StateName(state)}",
    };

    private static string StartReason(ImmutableArray<DestinationSpec> wanting) =>
        wanting.Length == 1
            ? $"destination {wanting[0].Id} wants to stream"
            : $"{wanting.Length} destinations want to stream";

    private static bool SameOutputs(ImmutableArray<DesiredOutput> desired, Dictionary<string, ObservedOutput> observed)
    {
        if (desired.Length != observed.Count)
        {
            return false;
        }

        foreach (var output in desired)
        {
            if (!observed.TryGetValue(output.GroupName, out var found) || !SameTargets(output, found))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool SameTargets(DesiredOutput desired, ObservedOutput observed)
    {
        // A different preset is a different encode: the output is not in place until the channel is updated.
        if (desired.Pipelines.Length != observed.Pipelines.Length
            || !string.Equals(desired.PresetId, observed.PresetId, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < desired.Pipelines.Length; i++)
        {
            if (!string.Equals(desired.Pipelines[i].Url, observed.Pipelines[i].Url, StringComparison.Ordinal)
                || !string.Equals(desired.Pipelines[i].KeyFingerprint, observed.Pipelines[i].KeyFingerprint, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    internal static string StateName(ChannelState state) => state switch
    {
        ChannelState.CreateFailed => "CREATE_FAILED",
        ChannelState.UpdateFailed => "UPDATE_FAILED",
        _ => state.ToString().ToUpperInvariant(),
    };

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a < b ? a : b,
    };
}
