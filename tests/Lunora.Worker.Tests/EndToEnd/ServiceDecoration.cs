using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.EndToEnd;

internal static class ServiceDecoration
{
    /// <summary>Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/> around it (singletons only).</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(TService))
        {
            index--;
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} is not registered");
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Singleton(sp => decorate(Create<TService>(original, sp), sp));
        return services;
    }

    private static TService Create<TService>(ServiceDescriptor original, IServiceProvider sp)
        where TService : class => original switch
        {
            { ImplementationInstance: TService instance } => instance,
            { ImplementationFactory: { } factory } => (TService)factory(sp),
            { ImplementationType: { } type } => (TService)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"cannot decorate {typeof(TService).Name}"),
        };
}
