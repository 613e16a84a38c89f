using Lunora.Worker.Health;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class MediaLiveRegistrationTests
{
    [Fact]
    public void AddMediaLiveAdapters_WithEnvironment_ResolvesGatewayAndSignalSource()
    {
        var env = new Dictionary<string, string>
        {
            ["MEDIALIVE_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
            ["AWS_ACCESS_KEY_ID"] = "dummy",
            ["AWS_SECRET_ACCESS_KEY"] = "dummy",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IStreamKeyProvider>(new FakeStreamKeys());
        services.AddMediaLiveAdapters(name => env.GetValueOrDefault(name));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<ChannelGateway>(provider.GetRequiredService<IChannelGateway>());
        Assert.IsType<MediaLiveSignalSource>(provider.GetRequiredService<IChannelSignalSource>());
    }

    [Theory]
    [InlineData("PIPELINE_0", 0)]
    [InlineData("PIPELINE_1", 1)]
    [InlineData("1", 1)]
    [InlineData(null, 0)]
    [InlineData("weird", 0)]
    public void ParsePipeline_Forms_Parsed(string? raw, int expected) =>
        Assert.Equal(expected, MediaLiveSignalSource.ParsePipeline(raw));
}
