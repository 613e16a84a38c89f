using System.Collections.Concurrent;
using Lunora.Domain.Desired;

namespace Lunora.Worker.State;

/// <summary>
/// The usable presets the desired-state reader resolved, by id: the gateway builds the encode from the very preset the
/// plan was made with, without reading the presets table a second time.
/// </summary>
public sealed class ResolvedPresets
{
    private readonly ConcurrentDictionary<string, EncodingPreset> _usable = new(StringComparer.Ordinal);

    public void Set(string presetId, EncodingPreset? usable)
    {
        if (usable is null)
        {
            _usable.TryRemove(presetId, out _);
        }
        else
        {
            _usable[presetId] = usable;
        }
    }

    public EncodingPreset? For(string presetId) => _usable.TryGetValue(presetId, out var preset) ? preset : null;
}
