using System.Collections.Immutable;

namespace Lunora.Domain.Planning;

/// <summary>
/// Make the managed outputs exactly <see cref="Outputs"/>: add, change and remove Lunora's own output groups and leave
/// everything else as read. This is the delivery seam: today the MediaLive backend applies it as one UpdateChannel
/// (the channel must be IDLE); a relay backend could apply it per destination without a restart.
/// </summary>
/// <param name="ExpectedUnmanagedFingerprint">The fingerprint the update must preserve; the adapter refuses to send a document that changes it.</param>
public sealed record UpdateOutputs(ImmutableArray<DesiredOutput> Outputs, string ExpectedUnmanagedFingerprint) : PlanAction
{
    public override bool MutatesChannel => true;
}
