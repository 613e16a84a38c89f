using System.Diagnostics;

namespace Lunora.Worker.Telemetry;

/// <summary>The one <see cref="ActivitySource"/> for reconcile and AWS-call spans. Attributes carry ids, never URLs or keys.</summary>
public static class LunoraActivity
{
    public const string SourceName = "Lunora.Worker";

    public static ActivitySource Source { get; } = new(SourceName);
}
