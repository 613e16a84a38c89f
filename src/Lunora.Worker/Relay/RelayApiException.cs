namespace Lunora.Worker.Relay;

/// <summary>
/// A relay API call that failed. <see cref="Transient"/> ones (unreachable, timeout, 5xx) are retried and then reported
/// as "relay unreachable"; the rest (400, 401, 404) are terminal for the action. The message is built from redacted
/// parts only: no stream key, no password.
/// </summary>
public sealed class RelayApiException : Exception
{
    public RelayApiException()
    {
        Operation = "";
    }

    public RelayApiException(string message)
        : base(message)
    {
        Operation = "";
    }

    public RelayApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "";
    }

    public RelayApiException(string operation, int? status, string message, bool transient)
        : base(message)
    {
        Operation = operation;
        Status = status;
        Transient = transient;
    }

    public string Operation { get; }

    /// <summary>HTTP status, or null when no answer came (connection refused, timeout).</summary>
    public int? Status { get; }

    public bool Transient { get; }
}
