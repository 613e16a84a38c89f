namespace Lunora.Worker.Telemetry;

/// <summary>One channel in <see cref="ChannelProgress"/>: its newest completed reconcile and, if its newest run failed terminally, why (a bounded <see cref="TerminalReasons"/> value).</summary>
public sealed record ChannelProgressEntry(DateTimeOffset? LastCompleted, string? TerminalReason);
