namespace Lunora.Worker.Relay;

/// <summary>Where the relay API credentials come from (SSM Parameter Store, which also serves Secrets Manager secrets).</summary>
public interface IRelayCredentialsSource
{
    Task<RelayCredentials> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401: the secret may have been rotated, so the next call reads it again.</summary>
    void Invalidate();
}
