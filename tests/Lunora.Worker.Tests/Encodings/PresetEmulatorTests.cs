using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;
using Lunora.Worker.Tests.Contract;
using Lunora.Worker.Tests.Emulator;
using Lunora.Worker.Tests.MediaLive;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lunora.Worker.Tests.Encodings;

/// <summary>The gateway with presets against the emulator, which checks that every description an output names exists.</summary>
public sealed class PresetEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string ChannelId = "3714710";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ApplyOutputsAsync_SharedAndChangedPresets_AcceptedAndObservedBack()
    {
        var keys = new FakeStreamKeys();
        var presets = new FakePresetStore();
        presets.Presets["1080p30"] = Presets.P1080;
        presets.Presets["720p30"] = Presets.P720;
        var (client, _) = TestAws.MediaLive(new SocketsHttpHandler(), emulator.Server.BaseAddress);
        var gateway = new ChannelGateway(client, keys, NullLogger<ChannelGateway>.Instance, presets);
        var observed = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
        DesiredOutput Output(string id, string? preset)
        {
            var output = RoundTrip.Output(id, 2, "rtmp://127.0.0.1:1935/" + id, preset);
            foreach (var t in output.Pipelines)
            {
                keys.Keys[t.KeyParameter] = "key-" + id;
            }

            return output;
        }

        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([Output("yt", "1080p30"), Output("tw", "1080p30"), Output("x", null)], observed.UnmanagedFingerprint), CancellationToken.None);
        var first = await WaitForIdleAsync(gateway);
        await gateway.ApplyOutputsAsync(ChannelId, new UpdateOutputs([Output("yt", "720p30")], observed.UnmanagedFingerprint), CancellationToken.None);
        var second = await WaitForIdleAsync(gateway);

        Assert.Equal(["1080p30", "1080p30", null], first.ManagedOutputs.OrderBy(o => o.GroupName == OutputNaming.GroupName("x")).Select(o => o.PresetId));
        Assert.Equal("720p30", Assert.Single(second.ManagedOutputs).PresetId);
        Assert.Equal(observed.UnmanagedFingerprint, second.UnmanagedFingerprint);
        var described = await client.DescribeChannelAsync(ChannelId, CancellationToken.None);
        Assert.Equal(
            ["lunora-v-720p30"],
            described["encoderSettings"]!["videoDescriptions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).Where(n => n.StartsWith("lunora-v-", StringComparison.Ordinal)));
    }

    private async Task<ObservedChannel> WaitForIdleAsync(ChannelGateway gateway)
    {
        for (var i = 0; i < 100; i++)
        {
            var observed = await gateway.ObserveAsync(ChannelId, CancellationToken.None);
            if (observed.State == ChannelState.Idle)
            {
                return observed;
            }

            emulator.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Fail("channel never returned to IDLE");
        return null!;
    }
}
