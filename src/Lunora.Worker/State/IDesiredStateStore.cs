using Lunora.Domain.Desired;
using Lunora.Domain.Planning;

namespace Lunora.Worker.State;

/// <summary>The destinations table as the loop sees it (docs/dynamodb-contract.md): read intent, write back only worker-owned attributes.</summary>
public interface IDesiredStateStore
{
    /// <summary>All destinations of a channel, malformed ones included (with <see cref="DestinationSpec.RecordProblem"/> set).</summary>
    Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>Writes status, url type and reason if they differ from what is stored. Conditional; never touches intent.</summary>
    Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken);

    /// <summary>Appends a switch to the destination's failover memory (flap damping) and to the session history.</summary>
    Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken);
}
