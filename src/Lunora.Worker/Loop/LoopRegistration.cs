using Lunora.Worker.Configuration;
using Lunora.Worker.Health;

namespace Lunora.Worker.Loop;

public static class LoopRegistration
{
    /// <summary>The loop, its queue, health fusion and executor. Adapters (MediaLive, DynamoDB, SQS) are registered by their own folders.</summary>
    public static IServiceCollection AddLunoraLoop(this IServiceCollection services, LunoraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Policy);
        services.AddSingleton(settings.Loop);
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<ChannelMemory>();
        services.AddSingleton<LoopHealth>();
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<IEndpointProbe, TcpEndpointProbe>();
        services.AddSingleton<RejectedDestinations>();
        services.AddSingleton<ReconcileInputReader>();
        services.AddSingleton<ChannelChangeObserver>();
        services.AddSingleton<TerminalFailureReporter>();
        services.AddSingleton<PlanExecutor>();
        services.AddSingleton<ReconcileRunner>();
        services.AddSingleton<Func<double>>(_ => Random.Shared.NextDouble);
        services.AddSingleton<ReconcileLoopService>();
        services.AddSingleton<IReconcileTrigger>(sp => sp.GetRequiredService<ReconcileLoopService>());
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoopService>());
        return services;
    }
}
