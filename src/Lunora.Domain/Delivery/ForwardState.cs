namespace Lunora.Domain.Delivery;

/// <summary>A relay forward's state as MediaMTX reports it (<c>ForwardDestState</c>).</summary>
public enum ForwardState
{
    /// <summary>The path has no stream to forward: MediaLive is not publishing the ingest.</summary>
    Idle,

    Forwarding,

    /// <summary>The last attempt failed; MediaMTX retries every 5 s.</summary>
    Error,
}
