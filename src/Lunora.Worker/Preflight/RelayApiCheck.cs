using Lunora.Domain.Delivery;
using Lunora.Worker.Relay;

namespace Lunora.Worker.Preflight;

/// <summary>
/// Relay mode: one relay's control API answers and accepts the worker's credentials (<c>GET /v3/info</c>). A relay
/// that cannot be reached or refuses the credentials fails with its (redacted) reason; the password is never shown.
/// </summary>
public sealed class RelayApiCheck(RelayApiClient relay) : IPreflightCheck
{
    public static IEnumerable<IPreflightCheck> For(IServiceProvider services) =>
        services.GetService<RelayGateway>()?.Relays.Select(r => (IPreflightCheck)new RelayApiCheck(r)) ?? [];

    public string Name => $"{RelayContext.RelayName(relay.Endpoint.Relay)} API {relay.Endpoint.ApiAddress}";

    public string Permission => $"ssm:GetParameter on {RelaySettings.CredentialsVariable} (and secretsmanager:GetSecretValue for a secret)";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await relay.InfoAsync(cancellationToken).ConfigureAwait(false);
            return PreflightResult.Pass(Name, $"reachable and authenticated (MediaMTX {version})");
        }
        catch (RelayApiException e)
        {
            return PreflightResult.Fail(
                Name,
                e.Message,
                e.Transient
                    ? $"check {RelaySettings.UrlsVariable} and that the worker's security group may reach the relay API port"
                    : $"check the credentials named by {RelaySettings.CredentialsVariable} against the relay's API user");
        }
    }
}
