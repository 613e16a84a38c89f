namespace Lunora.Worker.State;

/// <summary>
/// Processed-command records for at-least-once delivery: a command id is applied once while its record lives.
/// Expired records are judged by their own <c>expires_at</c> (dynalite has no TTL; DynamoDB deletes lazily).
/// </summary>
public interface ICommandLedger
{
    /// <summary>True when this call recorded the command (apply it); false when it was already recorded (a duplicate).</summary>
    Task<bool> TryMarkCommandProcessedAsync(string commandId, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Removes the record so a redelivery is applied again: call it when applying failed after marking.</summary>
    Task ForgetCommandAsync(string commandId, CancellationToken cancellationToken);
}
