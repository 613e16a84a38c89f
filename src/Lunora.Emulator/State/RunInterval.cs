namespace Lunora.Emulator.State;

/// <summary>A span during which the channel produced output (RUNNING until the stop request).</summary>
internal sealed class RunInterval(DateTimeOffset start)
{
    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset? End { get; set; }
}
