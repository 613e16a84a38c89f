using Lunora.Worker.Aws;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.Health;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.MediaLive;

public static class MediaLiveRegistration
{
    /// <summary>
    /// MediaLive and CloudWatch clients (endpoints, region and credentials resolved as the AWS SDKs do), the channel
    /// gateway and the health signal source. Needs an <see cref="Secrets.IStreamKeyProvider"/> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddMediaLiveAdapters(this IServiceCollection services, Func<string, string?>? environment = null)
    {
        services.AddHttpClient(AwsService.MediaLive.SigningName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(AwsService.CloudWatch.SigningName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCallObserver>(sp => sp.GetService<LunoraMetrics>() is { } m ? new MetricsAwsCallObserver(m) : NullAwsCallObserver.Instance);
        services.TryAddSingleton(sp => new MediaLiveRateLimiter(
            sp.GetService<MediaLiveRateLimitOptions>() ?? MediaLiveRateLimitOptions.FromEnvironment(environment ?? Environment.GetEnvironmentVariable),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MediaLiveClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AwsService.MediaLive.SigningName),
            AwsClientSettings.FromEnvironment(AwsService.MediaLive, environment),
            sp.GetRequiredService<TimeProvider>(),
            randomizer: sp.GetService<Func<double>>(),
            observer: sp.GetRequiredService<IAwsCallObserver>(),
            rateLimiter: sp.GetRequiredService<MediaLiveRateLimiter>(),
            fence: sp.GetService<IMutationFence>()));
        services.AddSingleton(sp => new CloudWatchClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AwsService.CloudWatch.SigningName),
            AwsClientSettings.FromEnvironment(AwsService.CloudWatch, environment),
            sp.GetRequiredService<TimeProvider>(),
            randomizer: sp.GetService<Func<double>>(),
            observer: sp.GetRequiredService<IAwsCallObserver>()));
        services.AddSingleton<MediaLiveMetrics>();
        services.AddSingleton<IChannelGateway, ChannelGateway>();
        // Lets the command handler refuse failover/failback on a STANDARD channel.
        services.TryAddSingleton<Commands.IChannelClassLookup, Commands.GatewayChannelClassLookup>();
        services.TryAddSingleton<Secrets.StreamKeyVault>();
        services.TryAddSingleton<Secrets.IChannelKeySource, ChannelKeySource>();
        services.AddSingleton<IChannelSignalSource>(sp => new MediaLiveSignalSource(
            sp.GetRequiredService<MediaLiveClient>(),
            sp.GetRequiredService<MediaLiveMetrics>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
