using Lunora.Domain.Desired;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Encodings;

public sealed class FakePresetStore : IPresetStore
{
    public Dictionary<string, EncodingPreset> Presets { get; } = new(StringComparer.Ordinal);

    public List<string> Reads { get; } = [];

    public Task<EncodingPreset?> GetAsync(string presetId, CancellationToken cancellationToken)
    {
        Reads.Add(presetId);
        return Task.FromResult(Presets.TryGetValue(presetId, out var p) ? p : null);
    }
}
