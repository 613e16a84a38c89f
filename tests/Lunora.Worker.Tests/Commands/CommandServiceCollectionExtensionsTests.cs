using Lunora.Worker.Commands;
using Lunora.Worker.Events;
using Lunora.Worker.Loop;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lunora.Worker.Tests.Commands;

public class CommandServiceCollectionExtensionsTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["COMMANDS_QUEUE_URL"] = "http://127.0.0.1:1/000000000000/commands",
        ["EVENTS_QUEUE_URL"] = "http://127.0.0.1:1/000000000000/events",
        ["MEDIALIVE_CHANNEL_ID"] = "42",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
        ["STREAM_KEYS_FILE"] = "/tmp/none.json",
    }).Build();

    [Fact]
    public void AddLunoraQueues_WithStateAndHostSeams_EveryConsumerResolvesOnTheDynamoDbLedger()
    {
        var services = new ServiceCollection().AddLogging().AddLunoraState(Configuration).AddLunoraQueues(Configuration);
        services.AddSingleton<IReconcileTrigger, RecordingReconcileTrigger>();
        services.AddSingleton<IHealthSignalSink, RecordingHealthSink>();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<DynamoDbCommandLedger>(provider.GetRequiredService<ICommandLedger>());
        Assert.IsType<DestinationStore>(provider.GetRequiredService<IIntentWriter>());
        Assert.NotNull(provider.GetRequiredService<CommandHandler>());
        var hosted = provider.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(CommandQueueConsumer), hosted);
        Assert.Contains(typeof(EventQueueConsumer), hosted);
    }

    [Fact]
    public void AddLunoraQueues_WithoutReconcileTrigger_FailsAtBuild()
    {
        var services = new ServiceCollection().AddLogging().AddLunoraState(Configuration).AddLunoraQueues(Configuration);
        services.AddSingleton<IHealthSignalSink, RecordingHealthSink>();

        Assert.Throws<AggregateException>(() => services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    [Fact]
    public void AddLunoraQueues_NoQueueUrls_NoConsumers()
    {
        var empty = new ConfigurationBuilder().Build();

        using var provider = new ServiceCollection().AddLogging().AddLunoraQueues(empty).BuildServiceProvider();

        Assert.Empty(provider.GetServices<IHostedService>());
    }
}
