using System.Net;
using Lunora.Domain.Planning;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.Contract;
using Microsoft.Extensions.Logging.Testing;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class ChannelGatewayTests
{
    private readonly FakeStreamKeys _keys = new();
    private readonly FakeLogger<ChannelGateway> _logger = new();

    [Fact]
    public async Task ObserveAsync_Describe_ReturnsObservedChannel()
    {
        var (client, _) = TestAws.MediaLive(new StubHandler().Json(HttpStatusCode.OK, TestChannels.RealisticJson));
        var gateway = new ChannelGateway(client, _keys, _logger);

        var observed = await gateway.ObserveAsync("3714710", CancellationToken.None);

        Assert.Equal(ChannelDocument.UnmanagedFingerprint(TestChannels.Realistic()), observed.UnmanagedFingerprint);
    }

    [Fact]
    public async Task ApplyOutputsAsync_FreshDescribeThenUpdate_SendsResolvedKeysAndNeverLogsThem()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, TestChannels.RealisticJson)
            .Json(HttpStatusCode.OK, """{"channel":{"id":"3714710","state":"UPDATING"}}""");
        var (client, handler) = TestAws.MediaLive(stub);
        var gateway = new ChannelGateway(client, _keys, _logger);
        var output = RoundTrip.Output("yt", 2, "rtmp://a.rtmp.youtube.com/live2");
        _keys.Keys[output.Pipelines[0].KeyParameter] = "sk-live-0000";
        _keys.Keys[output.Pipelines[1].KeyParameter] = "sk-live-1111";

        await gateway.ApplyOutputsAsync("3714710", new UpdateOutputs([output], ChannelDocument.UnmanagedFingerprint(TestChannels.Realistic())), CancellationToken.None);

        var sent = Assert.Single(handler.For("UpdateChannel")).Json!;
        var destination = sent["destinations"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == output.GroupName)!;
        Assert.Equal(["sk-live-0000", "sk-live-1111"], destination["settings"]!.AsArray().Select(s => s!["streamName"]!.GetValue<string>()));
        var observed = ChannelDocument.ToObserved(RoundTrip.AsDescribed(TestChannels.Realistic(), sent), "3714710");
        Assert.Equal(StreamKeyFingerprint.Of("sk-live-0000"), Assert.Single(observed.ManagedOutputs).Pipelines[0].KeyFingerprint);
        Assert.NotEmpty(_logger.Collector.GetSnapshot());
        Assert.All(_logger.Collector.GetSnapshot(), r => Assert.DoesNotContain("sk-live", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyOutputsAsync_ChannelChangedSincePlan_RefusesBeforeUpdating()
    {
        var changed = TestChannels.Realistic();
        changed["logLevel"] = "DEBUG";
        var stub = new StubHandler().Json(HttpStatusCode.OK, changed.ToJsonString());
        var (client, handler) = TestAws.MediaLive(stub);
        var gateway = new ChannelGateway(client, _keys, _logger);
        var output = RoundTrip.Output("yt", 2, "rtmp://x");
        foreach (var t in output.Pipelines)
        {
            _keys.Keys[t.KeyParameter] = "sk-secret";
        }

        var e = await Assert.ThrowsAsync<UnmanagedChangeException>(() =>
            gateway.ApplyOutputsAsync("3714710", new UpdateOutputs([output], ChannelDocument.UnmanagedFingerprint(TestChannels.Realistic())), CancellationToken.None));

        Assert.Empty(handler.For("UpdateChannel"));
        Assert.DoesNotContain("sk-secret", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyOutputsAsync_ServiceEchoesStreamKeyInError_KeyMaskedTypeKept()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, TestChannels.RealisticJson)
            .Json(
                (HttpStatusCode)422,
                """{"message":"streamName sk-echoed-0 rejected","validationErrors":[{"elementPath":"destinations[2].settings[0].streamName","errorMessage":"sk-echoed-0 is invalid"}]}""",
                "UnprocessableEntityException");
        var (client, _) = TestAws.MediaLive(stub);
        var gateway = new ChannelGateway(client, _keys, _logger);
        var output = RoundTrip.Output("yt", 2, "rtmp://x");
        _keys.Keys[output.Pipelines[0].KeyParameter] = "sk-echoed-0";
        _keys.Keys[output.Pipelines[1].KeyParameter] = "sk-echoed-1";

        // The refusal names only our destination's settings: that destination fails alone, with the key masked everywhere.
        var rejected = await Assert.ThrowsAsync<OutputsRejectedException>(() =>
            gateway.ApplyOutputsAsync("3714710", new UpdateOutputs([output], ChannelDocument.UnmanagedFingerprint(TestChannels.Realistic())), CancellationToken.None));
        var e = Assert.IsType<AwsUnprocessableEntityException>(rejected.InnerException);

        Assert.DoesNotContain("sk-echoed", rejected.ToString(), StringComparison.Ordinal);
        Assert.Equal("*** is invalid", Assert.Single(e.ValidationErrors).ErrorMessage);
        Assert.Equal("MediaLive rejected this destination's settings: *** is invalid", Assert.Single(rejected.Reasons).Value);
    }

    [Fact]
    public async Task ApplyOutputsAsync_MissingKeyParameter_FailsNamingParameterOnly()
    {
        var (client, handler) = TestAws.MediaLive(new StubHandler().Json(HttpStatusCode.OK, TestChannels.RealisticJson));
        var gateway = new ChannelGateway(client, _keys, _logger);
        var output = RoundTrip.Output("yt", 2, "rtmp://x");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            gateway.ApplyOutputsAsync("3714710", new UpdateOutputs([output], "um:any"), CancellationToken.None));

        Assert.Contains(output.Pipelines[0].KeyParameter, e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.For("UpdateChannel"));
    }

    [Fact]
    public async Task StartAndStopAsync_CallTheService()
    {
        var stub = new StubHandler()
            .Json(HttpStatusCode.OK, """{"id":"3714710","state":"STARTING"}""")
            .Json(HttpStatusCode.OK, """{"id":"3714710","state":"STOPPING"}""");
        var (client, handler) = TestAws.MediaLive(stub);
        var gateway = new ChannelGateway(client, _keys, _logger);

        await gateway.StartAsync("3714710", CancellationToken.None);
        await gateway.StopAsync("3714710", CancellationToken.None);

        Assert.Single(handler.For("StartChannel"));
        Assert.Single(handler.For("StopChannel"));
    }
}
