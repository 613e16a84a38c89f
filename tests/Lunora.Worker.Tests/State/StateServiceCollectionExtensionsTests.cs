using Lunora.Worker.Commands;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.State;

public class StateServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLunoraState_Environment_OptionsAndOneStoreBehindEverySeam()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DESTINATIONS_TABLE"] = "d",
            ["WORKER_TABLE"] = "w",
            ["MEDIALIVE_CHANNEL_ID"] = "42",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:2",
            ["STREAM_KEYS_FILE"] = "/tmp/none.json",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddLunoraState(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<StateOptions>();
        Assert.Equal(("d", "lunora-presets", "lunora-streaming-sessions", "w", "42", "http://127.0.0.1:2"),
            (options.DestinationsTable, options.PresetsTable, options.SessionsTable, options.WorkerTable, options.DefaultChannelId, options.ServiceUrl));
        Assert.Same(provider.GetRequiredService<IDesiredStateStore>(), provider.GetRequiredService<IIntentWriter>());
        Assert.Same(provider.GetRequiredService<IDesiredStateStore>(), provider.GetRequiredService<IReconcilePauseReader>());
        Assert.Same(provider.GetRequiredService<DynamoDbLeaderLease>(), provider.GetRequiredService<ILeaderLease>());
        Assert.IsType<FileStreamKeyProvider>(provider.GetRequiredService<IStreamKeyProvider>());
        Assert.IsType<DynamoDbCommandLedger>(provider.GetRequiredService<ICommandLedger>());
        Assert.NotNull(provider.GetRequiredService<IPresetStore>());
        Assert.Equal(2, provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Count());
    }
}
