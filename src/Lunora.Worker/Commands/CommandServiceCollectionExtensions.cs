using Amazon.SQS;
using Lunora.Worker.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>
    /// The commands consumer (when <c>COMMANDS_QUEUE_URL</c> is set) and the events consumer (when <c>EVENTS_QUEUE_URL</c>
    /// is set). Together with <see cref="State.StateServiceCollectionExtensions.AddLunoraState"/> (intent writer and the
    /// DynamoDB <see cref="ICommandLedger"/>) everything is registered except <see cref="Loop.IReconcileTrigger"/> and
    /// <see cref="IHealthSignalSink"/>, which the host provides, plus logging.
    /// </summary>
    public static IServiceCollection AddLunoraQueues(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // The host registers LunoraSettings.Aws first; this is for the queue registrations on their own.
        services.TryAddSingleton(_ => Aws.AwsSdkSettings.From(configuration));
        services.TryAddSingleton<IAmazonSQS>(sp => SqsClientFactory.Create(sp.GetRequiredService<Aws.AwsSdkSettings>()));

        if (CommandQueueOptions.FromConfiguration(configuration) is { } commands)
        {
            services.AddMetrics();
            services.AddSingleton(commands);
            services.AddSingleton<CommandMetrics>();
            services.AddSingleton<CommandHandler>();
            services.AddHostedService<CommandQueueConsumer>();
        }

        if (EventQueueOptions.FromConfiguration(configuration) is { } events)
        {
            services.AddSingleton(events);
            services.AddHostedService<EventQueueConsumer>();
        }

        return services;
    }
}
