using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lunora.Worker.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// The DynamoDB side and stream keys: store, intent writer, pause reader, command ledger, presets, sessions, the
    /// leader lease and the intent watcher (both hosted), and the key provider (STREAM_KEYS_FILE for local runs, else SSM).
    /// </summary>
    public static IServiceCollection AddLunoraState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = StateOptions.FromConfiguration(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IAmazonDynamoDB>(sp => DynamoDbClientFactory.Create(sp.GetRequiredService<StateOptions>()));

        services.TryAddSingleton(new StreamKeyParameterNames(configuration["PARAMETER_STORE_PREFIX"]));
        if (configuration["STREAM_KEYS_FILE"] is { Length: > 0 } keysFile)
        {
            services.TryAddSingleton<IStreamKeyProvider>(sp => new FileStreamKeyProvider(keysFile, sp.GetRequiredService<StreamKeyParameterNames>()));
        }
        else
        {
            // The host registers LunoraSettings.Aws first; this is for the state registrations on their own.
            services.TryAddSingleton(_ => Aws.AwsSdkSettings.From(configuration));
            services.TryAddSingleton<IAmazonSimpleSystemsManagement>(sp => SsmClientFactory.Create(sp.GetRequiredService<Aws.AwsSdkSettings>()));
            services.TryAddSingleton<IStreamKeyProvider, SsmStreamKeyProvider>();
        }

        services.TryAddSingleton<ISessionRecorder, SessionRecorder>();
        services.TryAddSingleton<StreamKeyVault>();
        services.TryAddSingleton<StreamKeyResolver>();
        services.TryAddSingleton<DestinationScanner>();
        services.TryAddSingleton<StatusCache>();
        services.TryAddSingleton<DestinationNotices>();
        services.TryAddSingleton(sp => new WriteFence(sp.GetService<ILeaderLease>()));
        services.TryAddSingleton<LegacyIntentMigration>();
        services.TryAddSingleton<ResolvedPresets>();
        services.TryAddSingleton(sp => Reader(sp, sp.GetRequiredService<LegacyIntentMigration>()));
        services.TryAddSingleton<DestinationHealthBoard>();
        services.TryAddSingleton<DestinationStatusWriter>();
        services.TryAddSingleton<FailoverRecorder>();
        services.TryAddSingleton<DestinationIntentWriter>();
        services.TryAddSingleton<ReconcilePauseStore>();
        services.TryAddSingleton<RejectedDestinationStore>();
        services.TryAddSingleton(sp => new DestinationStore(
            sp.GetRequiredService<DesiredStateReader>(),
            sp.GetRequiredService<DestinationStatusWriter>(),
            sp.GetRequiredService<FailoverRecorder>(),
            sp.GetRequiredService<DestinationIntentWriter>(),
            sp.GetRequiredService<ReconcilePauseStore>()));
        services.TryAddSingleton<IDesiredStateStore>(sp => sp.GetRequiredService<DestinationStore>());
        services.TryAddSingleton<IIntentWriter>(sp => sp.GetRequiredService<DestinationStore>());
        services.TryAddSingleton<IReconcilePauseReader>(sp => sp.GetRequiredService<DestinationStore>());
        services.TryAddSingleton<Commands.ICommandLedger, DynamoDbCommandLedger>();
        services.TryAddSingleton<IPresetStore, PresetStore>();

        services.TryAddSingleton<DynamoDbLeaderLease>();
        services.TryAddSingleton<ILeaderLease>(sp => sp.GetRequiredService<DynamoDbLeaderLease>());
        services.AddHostedService(sp => sp.GetRequiredService<DynamoDbLeaderLease>());
        services.TryAddSingleton<Aws.IMutationFence, LeaseMutationFence>();

        services.TryAddSingleton<IntentChangeFeed>();
        services.TryAddSingleton<IntentChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<IntentChangeWatcher>());
        return services;
    }

    /// <summary>
    /// For the read-only verbs (<c>plan</c>, <c>status</c>): the desired state is read without migrating legacy records
    /// (they are interpreted as the migration would write them), so those verbs write nothing. Call before
    /// <see cref="AddLunoraState"/>, whose registration it takes the place of.
    /// </summary>
    public static IServiceCollection AddReadOnlyDesiredState(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => Reader(sp, migration: null));
        return services;
    }

    private static DesiredStateReader Reader(IServiceProvider sp, LegacyIntentMigration? migration) => new(
        sp.GetRequiredService<DestinationScanner>(),
        sp.GetRequiredService<StreamKeyResolver>(),
        sp.GetRequiredService<StatusCache>(),
        sp.GetRequiredService<DestinationNotices>(),
        sp.GetRequiredService<ILogger<DesiredStateReader>>(),
        migration,
        sp.GetService<IChannelKeySource>(),
        sp.GetRequiredService<IPresetStore>(),
        sp.GetRequiredService<ResolvedPresets>());
}
