namespace Lunora.Domain.Planning;

public sealed record StartChannel(string Reason) : PlanAction
{
    public override bool MutatesChannel => true;
}
