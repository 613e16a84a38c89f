using Lunora.Domain.Delivery;

namespace Lunora.Worker.Relay;

/// <summary>
/// The closed outcome of one relay action: done, or failed with a redacted reason; a transient failure is retried at the
/// next look (level-triggered), a terminal one is recorded on the destination and not retried until something changes.
/// </summary>
public sealed record RelayActionResult(RelayPathAction Action, bool Succeeded, bool Transient, string? Error)
{
    public static RelayActionResult Done(RelayPathAction action) => new(action, true, false, null);
}
