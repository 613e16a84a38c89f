using Lunora.Domain.Delivery;
using Lunora.Worker.Relay;

namespace Lunora.Worker.Tests.Relay;

public class RelaySettingsTests
{
    [Fact]
    public void From_NothingSet_DirectMode()
    {
        var (settings, problems) = RelaySettings.From(_ => null);

        Assert.Equal(DeliveryMode.Direct, settings!.Mode);
        Assert.Empty(problems);
    }

    [Fact]
    public void From_RelayWithTwoUrls_RelayAThenRelayB()
    {
        var env = new Dictionary<string, string>
        {
            [RelaySettings.ModeVariable] = "relay",
            [RelaySettings.UrlsVariable] = "http://relay-a.internal:9997, http://relay-b.internal:9997",
            [RelaySettings.IngestUrlsVariable] = "rtmp://ingest.example:1935/relay, rtmp://ingest.example:1936/relay",
            [RelaySettings.CredentialsVariable] = "/lunora/relay/api",
        };

        var (settings, problems) = RelaySettings.From(env.GetValueOrDefault);

        Assert.Empty(problems);
        Assert.Equal([0, 1], settings!.Endpoints.Select(e => e.Relay));
        Assert.Equal("rtmp://127.0.0.1:1935/ingest-default", settings.Endpoints[1].SourceFor("ingest-default"));
    }

    [Fact]
    public void From_RelayWithoutCredentialsOrWithUserInfo_RefusedNamingTheVariables()
    {
        var env = new Dictionary<string, string>
        {
            [RelaySettings.ModeVariable] = "relay",
            [RelaySettings.UrlsVariable] = "http://user:s3cret@relay-a:9997",
        };

        var (settings, problems) = RelaySettings.From(env.GetValueOrDefault);

        Assert.Null(settings);
        Assert.Contains(problems, p => p.StartsWith(RelaySettings.CredentialsVariable, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(RelaySettings.UrlsVariable, StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void From_UnknownMode_Refused() =>
        Assert.Null(RelaySettings.From(v => v == RelaySettings.ModeVariable ? "carrier-pigeon" : null).Settings);
}
