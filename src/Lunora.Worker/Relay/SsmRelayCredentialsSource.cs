using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Lunora.Worker.Relay;

/// <summary>
/// The relay API credentials from one SecureString parameter, decrypted; a Secrets Manager secret is read the same way
/// through <c>/aws/reference/secretsmanager/&lt;secret-id&gt;</c>. Cached; re-read after <see cref="Invalidate"/> (a 401).
/// The value is never logged, traced or put in an exception.
/// </summary>
public sealed class SsmRelayCredentialsSource(IAmazonSimpleSystemsManagement ssm, string parameterName, TimeProvider time) : IRelayCredentialsSource, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (RelayCredentials Value, DateTimeOffset Until)? _cached;

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(5);

    public async Task<RelayCredentials> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.Until > time.GetUtcNow())
            {
                return cached.Value;
            }

            GetParameterResponse response;
            try
            {
                response = await ssm.GetParameterAsync(new GetParameterRequest { Name = parameterName, WithDecryption = true }, cancellationToken);
            }
            catch (ParameterNotFoundException)
            {
                throw new RelayApiException("credentials", null, $"the relay API credentials parameter {parameterName} does not exist", transient: false);
            }

            var value = RelayCredentials.Parse(response.Parameter?.Value ?? "");
            _cached = (value, time.GetUtcNow() + CacheFor);
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
