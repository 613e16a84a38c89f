using Lunora.Domain.Planning;

namespace Lunora.Domain.Delivery;

/// <summary>One change to one path on one relay. None of them touches the MediaLive channel.</summary>
public abstract record RelayPathAction(int Relay, string PathName) : PlanAction
{
    public sealed override bool MutatesChannel => false;
}
