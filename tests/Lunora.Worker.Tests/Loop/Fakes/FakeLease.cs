using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Loop.Fakes;

internal sealed class FakeLease : ILeaderLease
{
    public bool IsHeld { get; set; } = true;

    public long FencingToken { get; set; } = 1;

    public bool RoleKnown { get; set; } = true;
}
