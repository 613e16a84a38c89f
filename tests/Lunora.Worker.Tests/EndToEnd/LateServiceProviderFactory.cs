using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Runs a test's registrations after the composition root's (the worker's own hook runs before them), so a test can
/// decorate what the worker registers, e.g. wrap <c>IChannelGateway</c> to count mutations.
/// </summary>
internal sealed class LateServiceProviderFactory(Action<IServiceCollection> late) : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner = new();

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        late(services);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _inner.CreateServiceProvider(containerBuilder);
}
