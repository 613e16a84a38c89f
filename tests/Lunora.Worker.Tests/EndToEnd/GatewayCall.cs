namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>One MediaLive mutation a worker asked for: which, when (Stopwatch ticks of the test), and whether it held the lease then.</summary>
public sealed record GatewayCall(string Operation, long Timestamp, bool LeaseHeld);
