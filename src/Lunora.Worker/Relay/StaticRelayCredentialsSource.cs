namespace Lunora.Worker.Relay;

/// <summary>Credentials known up front: the local stack's stand-in and tests.</summary>
public sealed class StaticRelayCredentialsSource(RelayCredentials credentials) : IRelayCredentialsSource
{
    public Task<RelayCredentials> GetAsync(CancellationToken cancellationToken) => Task.FromResult(credentials);

    public void Invalidate()
    {
    }
}
