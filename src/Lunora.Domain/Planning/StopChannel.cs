namespace Lunora.Domain.Planning;

/// <param name="Restart">True when the stop is the first half of stop, update, start; false when the channel should stay stopped.</param>
public sealed record StopChannel(string Reason, bool Restart) : PlanAction
{
    public override bool MutatesChannel => true;
}
