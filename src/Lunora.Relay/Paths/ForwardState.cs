namespace Lunora.Relay.Paths;

/// <summary>MediaMTX's <c>ForwardDestState</c>.</summary>
internal enum ForwardState
{
    /// <summary>The path has no stream to forward (its source is not ready).</summary>
    Idle,

    Forwarding,

    /// <summary>The last attempt failed (<c>lastError</c>); retried after the retry pause.</summary>
    Error,
}
