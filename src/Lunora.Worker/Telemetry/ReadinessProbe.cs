using System.Globalization;
using Lunora.Worker.Configuration;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// The readiness and liveness rules, shared by the endpoints, the container health check and the metrics.
/// <list type="bullet">
/// <item>Ready (process, /readyz, <c>lunora.ready</c>): the role is known and some reconcile succeeded recently.</item>
/// <item>Ready per channel (/readyz/{channel}, <c>lunora.channel.ready</c>): the role is known, the channel's newest
/// reconcile did not end terminally, and one of its reconciles completed within LUNORA_READY_STALE_SECONDS.</item>
/// <item>Live (/livez, the container health check): a standby is always live; the leader is live while a reconcile of
/// any channel completed within LUNORA_LIVENESS_STALE_SECONDS (from start until the first one). A wedged loop holding
/// the lease is the one state a restart fixes; a terminal error on one channel is not, so it does not kill the task.</item>
/// </list>
/// </summary>
public sealed class ReadinessProbe(ILeaderLease lease, LoopHealth loop, LunoraMetrics metrics, LunoraSettings settings, LivenessOptions liveness, TimeProvider time)
{
    public (bool Ready, string Reason) Check()
    {
        if (!lease.RoleKnown)
        {
            return (false, "leader or standby not known yet");
        }

        if (loop.LastSuccessAt is not { } last)
        {
            return (false, "no reconcile has succeeded yet");
        }

        var age = time.GetUtcNow() - last;
        return age > settings.ReadyStaleAfter
            ? (false, $"last successful reconcile {Seconds(age)}s ago (limit {Seconds(settings.ReadyStaleAfter)}s)")
            : (true, "ready");
    }

    public (bool Ready, string Reason) CheckChannel(string channelId)
    {
        if (!metrics.Progress.Channels.TryGetValue(channelId, out var entry))
        {
            return (false, "not a channel this worker reconciles (or not seen yet)");
        }

        if (!lease.RoleKnown)
        {
            return (false, "leader or standby not known yet");
        }

        if (entry.TerminalReason is { } reason)
        {
            return (false, $"newest reconcile ended in a terminal error ({reason}); see the log and the destinations' status");
        }

        if (entry.LastCompleted is not { } last)
        {
            return (false, "no reconcile of this channel has completed yet");
        }

        var age = time.GetUtcNow() - last;
        return age > settings.ReadyStaleAfter
            ? (false, $"last completed reconcile {Seconds(age)}s ago (limit {Seconds(settings.ReadyStaleAfter)}s)")
            : (true, "ready");
    }

    public IEnumerable<string> Channels => metrics.Progress.Channels.Keys.Order(StringComparer.Ordinal);

    public (bool Live, string Reason) CheckLiveness()
    {
        if (!lease.IsHeld)
        {
            return (true, "live (not the leader)");
        }

        var progress = metrics.Progress;
        var since = progress.NewestCompletion ?? progress.StartedAt;
        var age = time.GetUtcNow() - since;
        return age > liveness.StaleAfter
            ? (false, $"leader without a completed reconcile of any channel for {Seconds(age)}s (limit {Seconds(liveness.StaleAfter)}s)")
            : (true, "live");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
}
