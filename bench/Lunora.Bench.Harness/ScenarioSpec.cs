namespace Lunora.Bench.Harness;

/// <summary>One scenario: the world's size and which phases run. Durations are wall-clock seconds of the compressed run.</summary>
public sealed record ScenarioSpec(
    string Name,
    int Channels,
    int DestinationsPerChannel,
    int StartChannels,
    double IdleSeconds,
    double RunningIdleSeconds,
    bool Storm = false,
    bool Burst = false,
    bool StopAll = true,
    double? Factor = null)
{
    public static IReadOnlyList<ScenarioSpec> All { get; } =
    [
        new("1x20", 1, 20, 1, 30, 30, Storm: true, Burst: true),
        new("50x10", 50, 10, 50, 30, 30),
        new("500x4", 500, 4, 50, 60, 30, StopAll: false, Factor: 2),
        new("burst", 20, 5, 20, 10, 10, Burst: true, StopAll: false),
        new("storm", 20, 5, 20, 10, 10, Storm: true, StopAll: false),
    ];
}
