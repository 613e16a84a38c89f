namespace Lunora.Bench.Harness;

/// <summary>How the harness runs: which scenarios, how much faster than real time, how many channels reconciled at once.</summary>
public sealed record BenchOptions
{
    public required string RepoRoot { get; init; }

    /// <summary>Every duration and rate of the world (transitions, the worker's timings, both rate limits) is compressed by this.</summary>
    public double Factor { get; init; } = 10;

    /// <summary>LUNORA_MAX_CONCURRENT_RECONCILES; null keeps the worker's default.</summary>
    public int? Concurrency { get; init; }

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Markdown results are appended here when set.</summary>
    public string? Output { get; init; }

    /// <summary>Every MediaLive call of the last scenario is written here when set.</summary>
    public string? TraceFile { get; init; }
}
