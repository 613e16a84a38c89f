using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.Relay;

/// <summary>
/// Relay mode's services: one <see cref="RelayApiClient"/> per configured relay (named HttpClient, Polly retries,
/// credentials from SSM) and the <see cref="RelayGateway"/>. Registers nothing in direct mode. Needs an
/// <see cref="IStreamKeyProvider"/> and an <see cref="IAmazonSimpleSystemsManagement"/> registered elsewhere.
/// Not yet called by the host: the loop wiring (docs/relay.md, "What remains") decides where the gateway is used.
/// </summary>
public static class RelayRegistration
{
    public const string HttpClientName = "lunora-relay";

    public static IServiceCollection AddRelayDelivery(this IServiceCollection services, RelaySettings settings, RelayRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        if (settings.Mode != Domain.Delivery.DeliveryMode.Relay)
        {
            return services;
        }

        var options = retry ?? RelayRetryOptions.Default;
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRelayCredentialsSource>(sp => new SsmRelayCredentialsSource(
            sp.GetRequiredService<IAmazonSimpleSystemsManagement>(),
            settings.CredentialsParameter!,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var pipeline = RelayRetryPipeline.Create(options, time, sp.GetService<Func<double>>());
            var clients = settings.Endpoints.Select(endpoint => new RelayApiClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                endpoint,
                sp.GetRequiredService<IRelayCredentialsSource>(),
                pipeline,
                options,
                sp.GetRequiredService<ILogger<RelayApiClient>>())).ToList();
            return new RelayGateway(clients, sp.GetRequiredService<IStreamKeyProvider>(), sp.GetRequiredService<ILogger<RelayGateway>>());
        });
        return services;
    }
}
