namespace Lunora.Emulator;

/// <summary>How long the emulated channel spends in each transitional state.</summary>
public sealed record TransitionProfile(string Name, TimeSpan Start, TimeSpan Stop, TimeSpan Update)
{
    /// <summary>For tests: transitions are visible but over within a few hundred milliseconds.</summary>
    public static TransitionProfile Fast { get; } =
        new("fast", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100));

    /// <summary>For running Lunora locally: long enough to watch, short enough not to wait.</summary>
    public static TransitionProfile Default { get; } =
        new("default", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));

    /// <summary>Close to what a real channel takes (start: under 3 minutes is typical, 90 s chosen; stop: ~30 s).</summary>
    public static TransitionProfile Realistic { get; } =
        new("realistic", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    public static TransitionProfile Parse(string name) => name.ToUpperInvariant() switch
    {
        "FAST" => Fast,
        "DEFAULT" => Default,
        "REALISTIC" => Realistic,
        _ => throw new ArgumentException($"Unknown profile '{name}' (fast, default, realistic).", nameof(name)),
    };
}
