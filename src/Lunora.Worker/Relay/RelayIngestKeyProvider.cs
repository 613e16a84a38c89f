using Lunora.Domain.Delivery;
using Lunora.Worker.Secrets;

namespace Lunora.Worker.Relay;

/// <summary>
/// Relay mode: the channel's ingest outputs name their stream by a pseudo parameter (<c>relay-ingest:&lt;ingest&gt;</c>,
/// <see cref="RelayIngestOutputs"/>); the ingest's name is the stream name and no secret, so it is answered here and
/// never sent to Parameter Store. Every other name goes to the real provider.
/// </summary>
public sealed class RelayIngestKeyProvider(IStreamKeyProvider inner) : IStreamKeyProvider
{
    public Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        return parameterName.StartsWith(RelayIngestOutputs.KeyParameterPrefix, StringComparison.Ordinal)
            ? Task.FromResult<string?>(parameterName[RelayIngestOutputs.KeyParameterPrefix.Length..])
            : inner.GetAsync(parameterName, cancellationToken);
    }
}
