using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.Relay;

/// <summary>
/// Relay mode's services: one <see cref="RelayApiClient"/> per configured relay (named HttpClient, Polly retries,
/// credentials from SSM) and the <see cref="RelayGateway"/>. Registers nothing in direct mode. Needs an
/// <see cref="IStreamKeyProvider"/> and an <see cref="IAmazonSimpleSystemsManagement"/> registered elsewhere.
/// In relay mode it also registers the loop's relay read (<see cref="Loop.RelayDeliveryObserver"/>), relay health
/// (<see cref="Health.RelayHealthMonitor"/>) and wraps the stream key provider so ingest outputs name their stream.
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
        services.AddSingleton<Loop.RelayDeliveryObserver>();
        services.AddSingleton<Health.RelayHealthMonitor>();
        DecorateKeyProvider(services);
        return services;
    }

    private static void DecorateKeyProvider(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IStreamKeyProvider));
        if (inner is null)
        {
            return;
        }

        services.Remove(inner);
        services.AddSingleton<IStreamKeyProvider>(sp => new RelayIngestKeyProvider(inner switch
        {
            { ImplementationInstance: IStreamKeyProvider instance } => instance,
            { ImplementationFactory: { } factory } => (IStreamKeyProvider)factory(sp),
            { ImplementationType: { } type } => (IStreamKeyProvider)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException("The stream key provider's registration cannot be wrapped."),
        }));
    }
}
