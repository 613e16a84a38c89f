using System.Globalization;
using Lunora.Domain.Health;

namespace Lunora.Domain.Delivery;

/// <summary>
/// Health of a destination in relay mode, from its own forward: <c>error</c> is failing (with the relay's reason); a
/// forward that says <c>forwarding</c> but whose <c>outboundBytes</c> has not moved for <c>stallAfter</c> is failing
/// too (a session that hangs without an error); <c>idle</c> means the relay has nothing to send, which is MediaLive's
/// side and says nothing about the destination. Pure: the caller keeps the <see cref="ForwardProgress"/>.
/// </summary>
public static class RelayForwardHealth
{
    public static ForwardProgress Track(ForwardProgress? previous, ForwardSample current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return new ForwardProgress(current, current.At, current.At);
        }

        var stateSince = previous.Latest.State == current.State ? previous.StateSince : current.At;
        // Any change counts as movement: a re-targeted forward starts its counter over at 0.
        var movedAt = previous.Latest.OutboundBytes != current.OutboundBytes || previous.Latest.State != current.State ? current.At : previous.BytesMovedAt;
        return new ForwardProgress(current, stateSince, movedAt);
    }

    public static PipelineHealth Judge(ForwardProgress? progress, TimeSpan stallAfter, DateTimeOffset now)
    {
        if (progress is null)
        {
            return PipelineHealth.Unknown;
        }

        var latest = progress.Latest;
        return latest.State switch
        {
            ForwardState.Error => new PipelineHealth(
                HealthStatus.Failing,
                progress.StateSince,
                string.IsNullOrEmpty(latest.LastError) ? "relay forward in error" : $"relay forward in error: {latest.LastError}"),
            ForwardState.Forwarding when now - progress.BytesMovedAt >= stallAfter => new PipelineHealth(
                HealthStatus.Failing,
                progress.BytesMovedAt,
                string.Create(CultureInfo.InvariantCulture, $"relay forward sent no bytes for {(long)(now - progress.BytesMovedAt).TotalSeconds}s")),
            ForwardState.Forwarding => new PipelineHealth(HealthStatus.Healthy, progress.StateSince, "relay forward sending"),
            _ => new PipelineHealth(HealthStatus.Unknown, progress.StateSince, "relay has no stream from MediaLive to forward"),
        };
    }
}
