using System.Collections.Concurrent;
using Lunora.Domain.Desired;

namespace Lunora.Worker.Loop;

/// <summary>
/// Destinations whose settings MediaLive refused (a 422 naming them), remembered until their record changes: while
/// remembered, the destination is read as having a record problem, so the planner sets it to <c>error</c> with the
/// reason and leaves it out of the update, and the others still go on the channel. Process memory is enough: after a
/// restart the next update meets the same refusal and it is remembered again.
/// </summary>
public sealed class RejectedDestinations
{
    private readonly ConcurrentDictionary<(string Channel, string Destination), Rejection> _rejected = new();

    public void Remember(DesiredChannel desired, IReadOnlyDictionary<string, string> reasons)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(reasons);
        foreach (var d in desired.Destinations)
        {
            if (reasons.TryGetValue(d.Id, out var reason))
            {
                _rejected[(desired.ChannelId, d.Id)] = new Rejection(Signature.Of(d), reason);
            }
        }
    }

    /// <summary>The desired channel with every still-rejected destination marked; a changed record is forgiven.</summary>
    public DesiredChannel Apply(DesiredChannel desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (_rejected.IsEmpty)
        {
            return desired;
        }

        var destinations = desired.Destinations.Select(d =>
        {
            if (!_rejected.TryGetValue((desired.ChannelId, d.Id), out var rejection))
            {
                return d;
            }

            if (rejection.Signature != Signature.Of(d))
            {
                _rejected.TryRemove((desired.ChannelId, d.Id), out _);
                return d;
            }

            return d.RecordProblem is null ? d with { RecordProblem = rejection.Reason } : d;
        });
        return desired with { Destinations = [.. destinations] };
    }

    private sealed record Rejection(Signature Signature, string Reason);

    // What a person changes to fix a refused destination: its version moves with any intent write, its endpoints with a key rotation.
    private sealed record Signature(long Version, EndpointSpec? Primary, EndpointSpec? Backup, string? PresetId, Platform Platform)
    {
        public static Signature Of(DestinationSpec d) => new(d.DesiredVersion, d.Primary, d.Backup, d.PresetId, d.Platform);
    }
}
