using Amazon.SQS;
using Lunora.Worker.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>
    /// The commands consumer (when <c>COMMANDS_QUEUE_URL</c> is set) and the events consumer (when <c>EVENTS_QUEUE_URL</c>
    /// is set). Needs <see cref="State.IIntentWriter"/>, <see cref="ICommandLedger"/>, <see cref="Loop.IReconcileTrigger"/>,
    /// <see cref="IHealthSignalSink"/>, <see cref="TimeProvider"/> and metrics registered by the host.
    /// </summary>
    public static IServiceCollection AddLunoraQueues(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<IAmazonSQS>(_ => SqsClientFactory.Create(configuration));

        if (CommandQueueOptions.FromConfiguration(configuration) is { } commands)
        {
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
