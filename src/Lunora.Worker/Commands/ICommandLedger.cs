namespace Lunora.Worker.Commands;

/// <summary>
/// Processed-commands record: what makes at-least-once delivery apply a command once. Each record expires; expiry is
/// judged by its own timestamp against <c>now</c> (DynamoDB TTL deletes lazily, dynalite never), and every method is a
/// single conditional write so two consumers cannot both win. Two phases, so that a command whose write failed is not
/// mistaken for a processed one on its retry.
/// </summary>
public interface ICommandLedger
{
    /// <summary>
    /// Claims the command: succeeds iff there is no record, or the record is an expired claim or an expired processed mark
    /// (condition <c>attribute_not_exists(pk) OR expires_at &lt; :now</c>). The claim lasts <paramref name="claimFor"/>.
    /// </summary>
    Task<LedgerClaim> TryClaimAsync(string commandId, DateTimeOffset now, TimeSpan claimFor, CancellationToken cancellationToken);

    /// <summary>Turns this consumer's claim into a processed mark kept for <paramref name="keepFor"/>.</summary>
    Task MarkProcessedAsync(string commandId, DateTimeOffset now, TimeSpan keepFor, CancellationToken cancellationToken);

    /// <summary>Drops an unexpired claim (not a processed mark) so the command can be retried at once. Best effort.</summary>
    Task ReleaseAsync(string commandId, CancellationToken cancellationToken);
}
