namespace Lunora.Worker.State;

/// <summary>The worker-owned status values of a destination as last read or written, to skip writes that change nothing.</summary>
internal sealed record StatusSnapshot(string? Status, string? UrlType, string? Reason, long? ObservedVersion);
