namespace Lunora.Bench.Harness;

/// <summary>One MediaLive HTTP attempt the worker sent: when (Stopwatch timestamp), to which channel, which operation, answered how.</summary>
public sealed record CallRecord(long At, string? Channel, string Operation, int Status);
