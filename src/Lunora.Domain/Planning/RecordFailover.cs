namespace Lunora.Domain.Planning;

/// <summary>A switch between a destination's ingests, with the evidence that caused it; recorded in the session history.</summary>
public sealed record RecordFailover(
    string DestinationId,
    UrlType From,
    UrlType To,
    string Reason,
    string? Evidence,
    DateTimeOffset At) : PlanAction
{
    public override bool MutatesChannel => false;
}
