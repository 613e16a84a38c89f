using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.Preflight;

public static class PreflightRegistration
{
    /// <summary>The runner, the checks and the start-up gate (which only runs when a host starts its services).</summary>
    public static IServiceCollection AddLunoraPreflight(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PreflightRunner(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PreflightChecks(sp, sp.GetRequiredService<Configuration.LunoraSettings>(), configuration));
        services.AddHostedService<PreflightGate>();
        return services;
    }
}
