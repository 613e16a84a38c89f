using System.Globalization;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Tests.Planning;

/// <summary>One set of planner inputs, printable so a failing generated case can be read and turned into a table row.</summary>
internal sealed record PlanningCase(
    DesiredChannel Desired,
    ObservedChannel Observed,
    HealthSnapshot Health,
    ReconcilePolicy Policy,
    DateTimeOffset Now)
{
    public ReconcilePlan Plan() => Planner.Plan(Desired, Observed, Health, Policy, Now);

    public override string ToString()
    {
        string T(DateTimeOffset? t) => t is { } v ? string.Create(CultureInfo.InvariantCulture, $"now{(v - Now).TotalSeconds:+0;-0;+0}s") : "null";
        string E(EndpointSpec? e) => e is null ? "-" : $"{e.Url}|{e.KeyParameter}|{e.KeyFingerprint}";
        var lines = new List<string>
        {
            $"policy grace={Policy.IdleGrace} coalesce={Policy.CoalesceWindow} failover={Policy.FailoverAfter} failback={Policy.FailbackAfter} flap={Policy.MaxFailoversPerHour}",
            $"channel {Observed.Class} {Observed.State} since={T(Observed.StateSince)}",
        };
        lines.AddRange(Observed.ManagedOutputs.Select(o => $"  out {o.GroupName}: {string.Join(", ", o.Pipelines.Select(p => $"{p.Url}|{p.KeyFingerprint}"))}"));
        lines.AddRange(Desired.Destinations.Select(d =>
            $"  dest {d.Id} ({OutputNaming.GroupName(d.Id)}) {d.Platform} enabled={d.Enabled} {d.DesiredState} pref={d.UrlPreference} failover={d.FailoverEnabled} " +
            $"changed={T(d.ChangedAt)} recent=[{string.Join(',', d.RecentFailovers.Select(t => T(t)))}] problem={d.RecordProblem} p={E(d.Primary)} b={E(d.Backup)}"));
        lines.AddRange(Health.Pipelines.Select(h => $"  health {h.Key.DestinationId}/{h.Key.Pipeline}: {h.Value.Status} since={T(h.Value.Since)}"));
        lines.AddRange(Health.Endpoints.Select(h => $"  endpoint {h.Key.DestinationId}/{h.Key.Endpoint}: {h.Value.Status} since={T(h.Value.Since)}"));
        return string.Join('\n', lines);
    }
}
