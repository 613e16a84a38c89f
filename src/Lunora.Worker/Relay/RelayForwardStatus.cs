using Lunora.Domain.Delivery;

namespace Lunora.Worker.Relay;

/// <summary>
/// One forward as the relay reports it (<c>/v3/paths/forward/list</c>), with the key taken out: <see cref="Url"/> is the
/// dest without its key, <see cref="KeyFingerprint"/> a salted digest of the key, <see cref="LastError"/> redacted.
/// </summary>
/// <param name="State">idle, forwarding or error.</param>
public sealed record RelayForwardStatus(string Id, int Position, string Url, string? KeyFingerprint, string State, string LastError, long OutboundBytes)
{
    /// <summary>The Domain's view for <see cref="RelayForwardHealth"/>; an unknown state reads as idle (says nothing about the destination).</summary>
    public ForwardSample Sample(DateTimeOffset at) => new(
        State switch
        {
            "forwarding" => ForwardState.Forwarding,
            "error" => ForwardState.Error,
            _ => ForwardState.Idle,
        },
        LastError,
        OutboundBytes,
        at);
}
