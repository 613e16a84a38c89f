using System.Collections.Immutable;
using System.Globalization;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Planning;

/// <summary>
/// Where one wanted RTMP destination must send, and why: rule 6 (its own group), rule 7 (pipelines, failover,
/// failback and flap damping). <see cref="WakeAfter"/> is when a pending health deadline falls due.
/// </summary>
internal sealed record Route(
    DesiredOutput Output,
    bool InPlace,
    UrlType UrlType,
    string? Reason,
    RecordFailover? Failover,
    TimeSpan? WakeAfter)
{
    private static readonly TimeSpan FlapWindow = TimeSpan.FromHours(1);

    public static Route For(
        DestinationSpec d,
        ObservedChannel observed,
        Dictionary<string, ObservedOutput> observedByGroup,
        HealthSnapshot health,
        ReconcilePolicy policy,
        DateTimeOffset now)
    {
        var group = OutputNaming.GroupName(d.Id);
        var primary = Target(d.Primary!, UrlType.Primary);
        var backup = DestinationValidator.UsableBackup(d) is { } b ? Target(b, UrlType.Backup) : null;
        observedByGroup.TryGetValue(group, out var found);

        return observed.Class == ChannelClass.Standard
            ? Standard(d, group, primary, backup, found, health, now)
            : Single(d, group, primary, backup, found, observed, health, policy, now);
    }

    private static Route Standard(
        DestinationSpec d,
        string group,
        DesiredTarget primary,
        DesiredTarget? backup,
        ObservedOutput? found,
        HealthSnapshot health,
        DateTimeOffset now)
    {
        // Both pipelines are live at once; with no backup URL the second pipeline sends to the primary again.
        var output = new DesiredOutput(d.Id, group, [primary, backup ?? primary], d.PresetId);
        var inPlace = found is not null && Planner.SameTargets(output, found);
        var h0 = health.For(d.Id, 0);
        var h1 = health.For(d.Id, 1);
        var (urlType, reason) = (backup, h0.Status == HealthStatus.Failing, h1.Status == HealthStatus.Failing) switch
        {
            (null, true, true) => (UrlType.Primary, $"primary failing on both pipelines{Since(h0, now)}"),
            (null, _, _) => (UrlType.Primary, (string?)null),
            (_, true, false) => (UrlType.Backup, $"primary failing{Since(h0, now)}; backup healthy"),
            (_, false, true) => (UrlType.Primary, $"backup failing{Since(h1, now)}; primary healthy"),
            (_, true, true) => (UrlType.Both, $"primary and backup both failing{Since(h0, now)}"),
            _ => (UrlType.Both, null),
        };
        return new Route(output, inPlace, urlType, reason, null, null);
    }

    private static Route Single(
        DestinationSpec d,
        string group,
        DesiredTarget primary,
        DesiredTarget? backup,
        ObservedOutput? found,
        ObservedChannel observed,
        HealthSnapshot health,
        ReconcilePolicy policy,
        DateTimeOffset now)
    {
        // A backup that is the primary again gives nothing to switch to; treating it as one would record switches that change nothing.
        if (backup is not null && Same(primary, backup))
        {
            backup = null;
        }

        var current = backup is not null && found is { Pipelines.Length: 1 } && Matches(found.Pipelines[0], backup)
            ? UrlType.Backup
            : UrlType.Primary;
        var chosen = current;
        string? reason = null;
        RecordFailover? failover = null;
        TimeSpan? wake = null;

        var recent = d.RecentFailovers.Where(t => now - t < FlapWindow).ToImmutableArray();
        var lastSwitch = recent.IsEmpty ? (DateTimeOffset?)null : recent.Max();
        var flapLimited = recent.Length >= policy.MaxFailoversPerHour;
        var sending = found is not null && observed.State is ChannelState.Running or ChannelState.Recovering;

        switch (d.UrlPreference)
        {
            case UrlPreference.Backup when backup is null:
                chosen = UrlType.Primary;
                reason = "failover requested but no backup URL is configured";
                break;
            case UrlPreference.Backup:
                chosen = UrlType.Backup;
                reason = "backup in use by operator request";
                break;
            case UrlPreference.Primary:
                chosen = UrlType.Primary;
                break;
            case UrlPreference.Auto when backup is null || !d.FailoverEnabled:
                chosen = UrlType.Primary;
                break;
            case UrlPreference.Auto when !sending && health.PendingSwitchFor(d.Id) is { } pending && (pending == UrlType.Primary || backup is not null):
                // Recorded before the restart's stop; the plan that applies it no longer sees the health behind it.
                chosen = pending;
                reason = pending == UrlType.Backup ? "backup in use after failover" : null;
                break;
            case UrlPreference.Auto when current == UrlType.Primary:
            {
                var h = health.For(d.Id, 0);
                // Failure seen before this run of the channel started says nothing about what it sends now: a failing
                // primary from before a stop must not make the start that follows it restart again at once.
                var failingSince = h.Since is { } s && observed.StateSince is { } runSince && runSince > s ? runSince : h.Since;
                var failingLongEnough = h.Status == HealthStatus.Failing && now - failingSince >= policy.FailoverAfter;
                // After a switch the new target must be watched for a full failover-after before switching again.
                var settled = lastSwitch is null || now - lastSwitch >= policy.FailoverAfter;
                if (sending && settled && failingLongEnough)
                {
                    if (flapLimited)
                    {
                        reason = FlapReason(recent.Length, policy, "primary");
                        wake = FlapWake(recent, now);
                    }
                    else
                    {
                        chosen = UrlType.Backup;
                        failover = new RecordFailover(
                            d.Id,
                            UrlType.Primary,
                            UrlType.Backup,
                            $"primary failing for {Seconds(policy.FailoverAfter)} or more",
                            h.Evidence,
                            now);
                    }
                }
                else if (sending && h.Status == HealthStatus.Failing && failingSince is { } since)
                {
                    reason = $"primary failing{Since(h, now)}";
                    var due = Later(since + policy.FailoverAfter, lastSwitch + policy.FailoverAfter) - now;
                    wake = due > TimeSpan.Zero ? due : policy.TransitionPollInterval;
                }

                break;
            }

            case UrlPreference.Auto:
            {
                reason = "backup in use after failover";
                if (policy.FailbackAfter is { } failbackAfter)
                {
                    var p = health.ForEndpoint(d.Id, UrlType.Primary);
                    var settled = lastSwitch is null || now - lastSwitch >= failbackAfter;
                    if (settled && p.HealthyFor(failbackAfter, now))
                    {
                        if (flapLimited)
                        {
                            reason = FlapReason(recent.Length, policy, "backup");
                            wake = FlapWake(recent, now);
                        }
                        else
                        {
                            chosen = UrlType.Primary;
                            reason = null;
                            failover = new RecordFailover(
                                d.Id,
                                UrlType.Backup,
                                UrlType.Primary,
                                $"failback: primary healthy for {Seconds(failbackAfter)} or more",
                                p.Evidence,
                                now);
                        }
                    }
                    else if (p is { Status: HealthStatus.Healthy, Since: { } since })
                    {
                        var due = Later(since + failbackAfter, lastSwitch + failbackAfter) - now;
                        wake = due > TimeSpan.Zero ? due : policy.TransitionPollInterval;
                    }
                }

                break;
            }
        }

        var target = chosen == UrlType.Backup ? backup! : primary;
        var output = new DesiredOutput(d.Id, group, [target], d.PresetId);
        var inPlace = found is not null && Planner.SameTargets(output, found);
        return new Route(output, inPlace, chosen, reason, failover, wake);
    }

    private static DesiredTarget Target(EndpointSpec endpoint, UrlType kind) =>
        new(endpoint.Url!, endpoint.KeyParameter!, endpoint.KeyFingerprint!, kind);

    private static bool Same(DesiredTarget a, DesiredTarget b) =>
        string.Equals(a.Url, b.Url, StringComparison.Ordinal)
        && string.Equals(a.KeyFingerprint, b.KeyFingerprint, StringComparison.Ordinal);

    /// <summary>When the oldest switch leaves the flap window, so the hold can be lifted without waiting for the periodic resync.</summary>
    private static TimeSpan? FlapWake(ImmutableArray<DateTimeOffset> recent, DateTimeOffset now) =>
        recent.IsEmpty ? null : recent.Min() + FlapWindow - now;

    private static bool Matches(ObservedTarget observed, DesiredTarget desired) =>
        string.Equals(observed.Url, desired.Url, StringComparison.Ordinal)
        && string.Equals(observed.KeyFingerprint, desired.KeyFingerprint, StringComparison.Ordinal);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } bb && bb > a ? bb : a;

    private static string FlapReason(int count, ReconcilePolicy policy, string holding) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"holding on {holding}: {count} automatic switches in the last hour (limit {policy.MaxFailoversPerHour})");

    private static string Since(PipelineHealth h, DateTimeOffset now)
    {
        var since = h.Since is { } s ? string.Create(CultureInfo.InvariantCulture, $" for {Seconds(now - s)}") : "";
        var evidence = h.Evidence is { Length: > 0 } e ? $" ({e})" : "";
        return since + evidence;
    }

    private static string Seconds(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (long)span.TotalSeconds)}s");
}
