namespace Lunora.Domain.Planning;

/// <summary>What the UI should show for a destination. Planned for every destination on every run; the writer skips unchanged ones.</summary>
public sealed record SetDestinationStatus(
    string DestinationId,
    DestinationStatus Status,
    UrlType? UrlType,
    string? Reason,
    long ObservedVersion) : PlanAction
{
    public override bool MutatesChannel => false;
}
