using Lunora.Worker.Commands;

namespace Lunora.Worker.Tests.Commands;

/// <summary>Same conditions as the DynamoDB ledger: a claim wins only over no record or an expired one.</summary>
internal sealed class InMemoryCommandLedger : ICommandLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (bool Processed, DateTimeOffset ExpiresAt)> _records = new(StringComparer.Ordinal);

    public Task<LedgerClaim> TryClaimAsync(string commandId, DateTimeOffset now, TimeSpan claimFor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_records.TryGetValue(commandId, out var record) && record.ExpiresAt >= now)
            {
                return Task.FromResult(record.Processed ? LedgerClaim.AlreadyProcessed : LedgerClaim.InProgressElsewhere);
            }

            _records[commandId] = (false, now + claimFor);
            return Task.FromResult(LedgerClaim.Claimed);
        }
    }

    public Task MarkProcessedAsync(string commandId, DateTimeOffset now, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records[commandId] = (true, now + keepFor);
        }

        return Task.CompletedTask;
    }

    /// <summary>Makes every release throw, as a ledger that is unreachable.</summary>
    public bool FailRelease { get; set; }

    public Task ReleaseAsync(string commandId, CancellationToken cancellationToken)
    {
        if (FailRelease)
        {
            throw new InvalidOperationException("ledger unreachable");
        }

        lock (_gate)
        {
            if (_records.TryGetValue(commandId, out var record) && !record.Processed)
            {
                _records.Remove(commandId);
            }
        }

        return Task.CompletedTask;
    }

    public bool IsProcessed(string commandId)
    {
        lock (_gate)
        {
            return _records.TryGetValue(commandId, out var record) && record.Processed;
        }
    }
}
