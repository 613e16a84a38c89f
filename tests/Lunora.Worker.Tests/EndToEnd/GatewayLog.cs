using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// What one worker asked MediaLive to change (UpdateChannel, StartChannel, StopChannel), plus hooks a test uses to
/// act at an exact point: before a call reaches the emulator, or after it returned.
/// </summary>
public sealed class GatewayLog
{
    public const string Update = "UpdateChannel";
    public const string Start = "StartChannel";
    public const string Stop = "StopChannel";

    private readonly ConcurrentQueue<GatewayCall> _calls = new();

    public IReadOnlyList<GatewayCall> Calls => [.. _calls];

    /// <summary>Runs before the call is sent (e.g. force the channel into another state).</summary>
    public Func<string, CancellationToken, Task>? Before { get; set; }

    /// <summary>Runs after the call returned (e.g. block here to be killed between stop and start).</summary>
    public Func<string, CancellationToken, Task>? After { get; set; }

    public int Count(string operation) => _calls.Count(c => c.Operation == operation);

    public int Mutations => _calls.Count;

    /// <summary>When the first <paramref name="operation"/> (null: any mutation) at or after <paramref name="timestamp"/> was asked for.</summary>
    public long? FirstAfter(string? operation, long timestamp) =>
        _calls.Where(c => (operation is null || c.Operation == operation) && c.Timestamp >= timestamp).Select(c => (long?)c.Timestamp).Min();

    internal void Record(string operation, bool leaseHeld) => _calls.Enqueue(new GatewayCall(operation, Stopwatch.GetTimestamp(), leaseHeld));
}
