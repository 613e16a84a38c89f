using System.Collections.Immutable;
using Amazon.SimpleSystemsManagement;
using Lunora.Domain.Delivery;
using Lunora.Worker.Relay;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.Relay;

public class RelayRegistrationTests
{
    [Fact]
    public void AddRelayDelivery_DirectMode_RegistersNoGateway()
    {
        using var provider = new ServiceCollection().AddLogging().AddRelayDelivery(RelaySettings.Direct).BuildServiceProvider();

        Assert.Null(provider.GetService<RelayGateway>());
        Assert.Equal(DeliveryMode.Direct, provider.GetRequiredService<RelaySettings>().Mode);
    }

    [Fact]
    public void AddRelayDelivery_RelayMode_OneClientPerRelayInOrder()
    {
        var settings = new RelaySettings(
            DeliveryMode.Relay,
            ImmutableArray.Create(new RelayEndpoint(0, new Uri("http://relay-a:9997/"), "rtmp://127.0.0.1:1935"), new RelayEndpoint(1, new Uri("http://relay-b:9997/"), "rtmp://127.0.0.1:1935")),
            "/aws/reference/secretsmanager/lunora/relay-api");
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IStreamKeyProvider>(new InMemoryStreamKeyProvider());
        services.AddSingleton<IAmazonSimpleSystemsManagement>(_ => new AmazonSimpleSystemsManagementClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-west-2" }));
        using var provider = services.AddRelayDelivery(settings).BuildServiceProvider();

        var gateway = provider.GetRequiredService<RelayGateway>();

        Assert.Equal(["http://relay-a:9997/", "http://relay-b:9997/"], gateway.Relays.Select(r => r.Endpoint.ApiAddress.ToString()));
    }
}
