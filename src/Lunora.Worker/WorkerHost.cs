using Lunora.Worker.Commands;
using Lunora.Worker.Configuration;
using Lunora.Worker.Events;
using Lunora.Worker.Health;
using Lunora.Worker.Loop;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Preflight;
using Lunora.Worker.Relay;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker;

/// <summary>The composition root: every adapter, the loop, telemetry and the health endpoints, from the environment.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        await using var app = Build(args);
        try
        {
            await app.RunAsync();
        }
        catch (Exception e) when (e is PreflightFailedException || e is AggregateException { InnerExceptions: var inner } && inner.Any(x => x is PreflightFailedException))
        {
            // Each problem is already logged; a non-zero exit keeps ECS on the old task.
            return 1;
        }

        return 0;
    }

    /// <param name="configure">Tests override registrations here (time, ports) before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        configure?.Invoke(builder);
        var settings = LunoraSettings.From(builder.Configuration);
        if (settings.Problems.Count > 0)
        {
            throw new ConfigurationProblemsException(settings.Problems);
        }

        var bind = builder.Configuration["LUNORA_HEALTH_BIND"] ?? "127.0.0.1";
        builder.WebHost.UseUrls($"http://{bind}:{settings.HealthPort}");
        builder.AddLunoraTelemetry(settings);
        AddServices(builder.Services, builder.Configuration, settings);

        var app = builder.Build();
        app.MapLunoraHealth();
        var metrics = app.Services.GetRequiredService<LunoraMetrics>();
        var lease = app.Services.GetRequiredService<ILeaderLease>();
        var readiness = app.Services.GetRequiredService<ReadinessProbe>();
        metrics.ObserveLeadership(() => lease.IsHeld);
        metrics.ObserveReadiness(() => readiness.Check().Ready);
        metrics.ObserveChannelReadiness(channel => readiness.CheckChannel(channel).Ready);
        // Every managed channel has its series (readiness, zeroed counters) before its first reconcile, so an alarm
        // on a channel that never reconciles has data to fire on.
        foreach (var channel in settings.Channels.ChannelIds)
        {
            metrics.ChannelConfigured(channel);
        }

        return app;
    }

    /// <summary>Everything but the web host; the CLI verbs build a plain service provider from the same registrations.</summary>
    public static IServiceCollection AddServices(IServiceCollection services, IConfiguration configuration, LunoraSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<LunoraMetrics>();
        // Each area's settings are parsed once, in LunoraSettings, their problems in its one list, and registered here.
        services.TryAddSingleton(settings.State);
        services.TryAddSingleton(settings.Channels);
        services.TryAddSingleton(settings.MediaLiveRateLimit);
        services.TryAddSingleton(settings.Aws);
        services.AddLunoraState(configuration);
        services.AddRelayDelivery(settings.Relay);
        services.AddMediaLiveAdapters(name => configuration[name]);
        services.AddLunoraQueues(configuration);
        services.AddLunoraLoop(settings);
        services.AddSingleton<KnownChannels>();
        services.AddSingleton<IChannelDirectory>(sp => sp.GetRequiredService<KnownChannels>());
        services.AddHostedService<IntentFeedPump>();
        services.AddSingleton<IHealthSignalSink, EventHealthSink>();
        services.AddSingleton<IFailureClassifier, ReconcileFailureClassifier>();
        services.AddSingleton<ReadinessProbe>();
        services.TryAddSingleton(LivenessOptions.FromConfiguration(configuration));
        services.AddLunoraPreflight(configuration);
        return services;
    }
}
