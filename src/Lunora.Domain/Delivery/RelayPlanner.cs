using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Delivery;

/// <summary>
/// The planner in relay mode, pure. The destinations are planned by <see cref="Planner"/> against the relays (each
/// destination's path is its "output"; failover reads the current target from its path), and the
/// <see cref="UpdateOutputs"/> it gives is turned into path actions by <see cref="DeliveryPlanner"/>: no destination
/// change is ever a channel mutation. The channel itself is planned only for its ingests: it is updated (with a
/// restart when running) only when an ingest it must publish is missing or a non-ingest output of ours is still on it
/// (the switch from direct mode), i.e. for encoder changes.
/// </summary>
public static class RelayPlanner
{
    public static ReconcilePlan Plan(
        DesiredChannel desired,
        ObservedChannel channel,
        RelayContext relays,
        HealthSnapshot health,
        ReconcilePolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(policy);

        var presets = desired.Destinations
            .GroupBy(d => RelayNaming.IngestPath(d.PresetId), StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.First().PresetId, StringComparer.Ordinal);
        var view = channel with { ManagedOutputs = View(relays.Relays, channel.PipelineCount, presets) };
        var destinations = Planner.Plan(desired, view, health, policy with { Delivery = DeliveryMode.Relay }, now);

        var ingests = RelayIngestOutputs.For(desired, relays.IngestUrls, channel.PipelineCount);
        var published = channel.ManagedOutputs.Select(o => o.GroupName).ToImmutableHashSet(StringComparer.Ordinal);
        var ingestGroups = ingests.Select(o => o.GroupName).ToImmutableHashSet(StringComparer.Ordinal);
        var channelNeedsUpdate = RelayIngests.NeedChannelUpdate(ingestGroups, published)
            || (!ingests.IsEmpty && !published.IsSubsetOf(ingestGroups));
        var updateChannel = new UpdateOutputs(ingests, channel.UnmanagedFingerprint);

        var actions = ImmutableArray.CreateBuilder<PlanAction>();
        var requeue = destinations.RequeueAfter;
        var unreachable = UnreachableByDestination(desired, relays);
        foreach (var action in destinations.Actions)
        {
            switch (action)
            {
                case UpdateOutputs paths:
                    var delivery = DeliveryPlanner.Plan(RelayLayout.Paths(paths.Outputs), relays.Relays);
                    actions.AddRange(delivery.Actions);
                    if (!delivery.IsEmpty)
                    {
                        // Look again soon: the new sessions' statuses turn streaming once the paths read back in place.
                        requeue = Min(requeue, policy.TransitionPollInterval);
                    }

                    break;

                case StartChannel when channelNeedsUpdate:
                    // MediaLive edits only while IDLE: the ingests go on before the start, as in direct mode.
                    actions.Add(updateChannel);
                    actions.Add(action);
                    break;

                case SetDestinationStatus status when unreachable.TryGetValue(status.DestinationId, out var reason):
                    actions.Add(status with { Reason = status.Reason is { } r ? $"{reason}; {r}" : reason });
                    break;

                default:
                    actions.Add(action);
                    break;
            }
        }

        var stopping = destinations.Actions.Any(a => a is StopChannel);
        if (channelNeedsUpdate && channel.State == ChannelState.Running && !stopping && desired.Destinations.Any(d => d.WantsToStream))
        {
            // An encoder change: the one case that restarts the channel in relay mode. Statuses are written first so the
            // UI sees the restart's reason from this look.
            actions.Insert(0, new StopChannel("relay ingests changed (a new encoding)", Restart: true));
            actions.Insert(1, updateChannel);
            actions.Insert(2, new StartChannel("restart with the new relay ingests"));
            requeue = policy.TransitionPollInterval;
        }

        return new ReconcilePlan(actions.ToImmutable(), requeue);
    }

    /// <summary>Each destination's paths as the planner's "observed outputs": pipeline i = its path on relay i.</summary>
    /// <param name="presetByIngest">The preset each known ingest encodes; a path reading any other source gets a preset no destination has, so it reads as changed.</param>
    public static ImmutableArray<ObservedOutput> View(ImmutableArray<ObservedRelay> relays, int pipelines, IReadOnlyDictionary<string, string?> presetByIngest)
    {
        ArgumentNullException.ThrowIfNull(presetByIngest);
        var names = relays.SelectMany(r => r.Paths).Select(p => p.Name).Where(RelayNaming.IsManaged).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var outputs = ImmutableArray.CreateBuilder<ObservedOutput>();
        foreach (var name in names)
        {
            var targets = ImmutableArray.CreateBuilder<ObservedTarget>();
            string? source = null;
            for (var relay = 0; relay < pipelines; relay++)
            {
                var path = relays.FirstOrDefault(r => r.Relay == relay)?.Paths.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
                // A path missing on a relay, or forwarding to more or fewer than one target, is not in place there.
                targets.Add(path is { Forwards: [var forward] } ? forward : new ObservedTarget("", ""));
                source ??= path?.Source;
            }

            var preset = source is not null && presetByIngest.TryGetValue(source, out var known) ? known : "source:" + source;
            outputs.Add(new ObservedOutput(name, targets.ToImmutable(), preset));
        }

        return outputs.ToImmutable();
    }

    private static Dictionary<string, string> UnreachableByDestination(DesiredChannel desired, RelayContext relays)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (relays.Unreachable.IsEmpty)
        {
            return result;
        }

        var reason = string.Join("; ", relays.Unreachable.OrderBy(u => u.Key).Select(u => $"{RelayContext.RelayName(u.Key)} unreachable: {u.Value}"));
        foreach (var d in desired.Destinations.Where(d => d.Platform != Platform.Hls && d.WantsToStream))
        {
            result[d.Id] = reason;
        }

        return result;
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;
}
