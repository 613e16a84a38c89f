namespace Lunora.Domain.Planning;

/// <summary>Per-destination status in the words the existing UI shows (<c>streaming_status</c>).</summary>
public enum DestinationStatus
{
    Ready,
    Starting,
    Streaming,
    Stopping,
    Error,
}
