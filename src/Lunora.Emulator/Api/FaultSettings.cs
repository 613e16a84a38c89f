namespace Lunora.Emulator.Api;

/// <summary>Injected faults for matching operations (all operations when <see cref="Operations"/> is empty).</summary>
internal sealed record FaultSettings(
    TimeSpan Latency,
    double ErrorRate,
    int FailNext,
    IReadOnlyList<int> ErrorStatuses,
    IReadOnlySet<string> Operations)
{
    public static FaultSettings None { get; } = new(TimeSpan.Zero, 0, 0, [500], new HashSet<string>(StringComparer.Ordinal));

    public bool AppliesTo(string operation) => Operations.Count == 0 || Operations.Contains(operation);
}
