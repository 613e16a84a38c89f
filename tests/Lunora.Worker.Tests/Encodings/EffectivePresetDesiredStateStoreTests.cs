using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Encodings;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Encodings;

public sealed class EffectivePresetDesiredStateStoreTests
{
    [Fact]
    public async Task ReadAsync_UnknownUnusableAndKnownPresets_OnlyEncodablePresetsRemain()
    {
        var presets = new FakePresetStore();
        presets.Presets["720p30"] = Presets.P720;
        presets.Presets["broken"] = Presets.P720 with { Id = "broken", VideoBitrate = null };
        var inner = new FixedStore(new DesiredChannel("ch", [
            new DestinationSpec { Id = "a", PresetId = "720p30" },
            new DestinationSpec { Id = "b", PresetId = "missing" },
            new DestinationSpec { Id = "c", PresetId = "broken" },
            new DestinationSpec { Id = "d" },
            new DestinationSpec { Id = "e", PresetId = "720p30" },
        ]));
        var store = new EffectivePresetDesiredStateStore(inner, presets);

        var desired = await store.ReadAsync("ch", CancellationToken.None);

        Assert.Equal(["720p30", null, null, null, "720p30"], desired.Destinations.Select(d => d.PresetId));
        Assert.Equal(["720p30", "missing", "broken"], presets.Reads);
    }

    [Fact]
    public async Task ReadAsync_AllPresetsKnown_ReturnsTheSameDesiredState()
    {
        var presets = new FakePresetStore();
        presets.Presets["720p30"] = Presets.P720;
        var original = new DesiredChannel("ch", [new DestinationSpec { Id = "a", PresetId = "720p30" }]);

        var desired = await new EffectivePresetDesiredStateStore(new FixedStore(original), presets).ReadAsync("ch", CancellationToken.None);

        Assert.Same(original, desired);
    }

    private sealed class FixedStore(DesiredChannel desired) : IDesiredStateStore
    {
        public Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken) => Task.FromResult(desired);

        public Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
