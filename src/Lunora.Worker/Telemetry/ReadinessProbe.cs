using Lunora.Worker.Configuration;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Telemetry;

/// <summary>The one readiness rule, shared by /readyz and the lunora.ready metric.</summary>
public sealed class ReadinessProbe(ILeaderLease lease, LoopHealth loop, LunoraSettings settings, TimeProvider time)
{
    public (bool Ready, string Reason) Check()
    {
        if (!lease.RoleKnown)
        {
            return (false, "leader or standby not known yet");
        }

        if (loop.LastSuccessAt is not { } last)
        {
            return (false, "no reconcile has succeeded yet");
        }

        var age = time.GetUtcNow() - last;
        return age > settings.ReadyStaleAfter
            ? (false, $"last successful reconcile {age.TotalSeconds:0}s ago (limit {settings.ReadyStaleAfter.TotalSeconds:0}s)")
            : (true, "ready");
    }
}
