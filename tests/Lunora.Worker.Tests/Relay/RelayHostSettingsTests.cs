using Lunora.Domain.Delivery;
using Lunora.Worker.Configuration;
using Lunora.Worker.Relay;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.Relay;

/// <summary>Relay settings as the host reads them: in the one problems list, in the policy, and the services they register.</summary>
public class RelayHostSettingsTests
{
    private static readonly Dictionary<string, string?> Complete = new(StringComparer.Ordinal)
    {
        ["MEDIALIVE_CHANNEL_ID"] = "3714710",
        ["MEDIALIVE_REGION"] = "us-west-2",
        ["PARAMETER_STORE_PREFIX"] = "/lunora/stream-keys",
    };

    [Fact]
    public void From_NoDeliveryMode_DirectPolicyAndNoProblems()
    {
        var settings = From([]);

        Assert.Empty(settings.Problems);
        Assert.Equal(DeliveryMode.Direct, settings.Policy.Delivery);
        Assert.Equal(DeliveryMode.Direct, settings.Relay.Mode);
    }

    [Fact]
    public void From_RelayModeIncomplete_EveryProblemInTheOneList()
    {
        var settings = From(new() { [RelaySettings.ModeVariable] = "relay", ["LUNORA_CHANNEL_IDS"] = "not a channel" });

        Assert.Contains(settings.Problems, p => p.StartsWith(RelaySettings.UrlsVariable, StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.StartsWith(RelaySettings.CredentialsVariable, StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.StartsWith("LUNORA_CHANNEL_IDS", StringComparison.Ordinal));
    }

    [Fact]
    public void From_RelayModeComplete_RelayPolicyAndIngestUrls()
    {
        var settings = From(new()
        {
            [RelaySettings.ModeVariable] = "relay",
            [RelaySettings.UrlsVariable] = "http://relay-a:9997",
            [RelaySettings.IngestUrlsVariable] = "rtmp://ingest.example:1935/relay",
            [RelaySettings.CredentialsVariable] = "/lunora/relay/api",
        });

        Assert.Empty(settings.Problems);
        Assert.Equal(DeliveryMode.Relay, settings.Policy.Delivery);
        Assert.Equal(["rtmp://ingest.example:1935/relay"], settings.Relay.IngestUrls.ToArray());
    }

    [Fact]
    public async Task AddRelayDelivery_RelayMode_IngestPseudoParameterAnsweredLocallyOthersByTheRealProvider()
    {
        var keys = new Lunora.Worker.Tests.Secrets.InMemoryStreamKeyProvider();
        keys["/lunora/stream-keys/a"] = "real";
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IStreamKeyProvider>(keys);
        services.AddRelayDelivery(From(new()
        {
            [RelaySettings.ModeVariable] = "relay",
            [RelaySettings.UrlsVariable] = "http://relay-a:9997",
            [RelaySettings.IngestUrlsVariable] = "rtmp://ingest.example:1935/relay",
            [RelaySettings.CredentialsVariable] = "/lunora/relay/api",
        }).Relay);
        await using var provider = services.BuildServiceProvider();

        var provided = provider.GetRequiredService<IStreamKeyProvider>();

        Assert.Equal(RelayNaming.DefaultIngest, await provided.GetAsync(RelayIngestOutputs.KeyParameterPrefix + RelayNaming.DefaultIngest, CancellationToken.None));
        Assert.Equal("real", await provided.GetAsync("/lunora/stream-keys/a", CancellationToken.None));
    }

    private static LunoraSettings From(Dictionary<string, string?> overrides)
    {
        var values = new Dictionary<string, string?>(Complete, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return LunoraSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
