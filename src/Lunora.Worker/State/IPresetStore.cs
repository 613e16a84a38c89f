using Lunora.Domain.Desired;

namespace Lunora.Worker.State;

/// <summary>Encoding presets by <c>preset_id</c>.</summary>
public interface IPresetStore
{
    /// <summary>The preset, or null when no item has that id.</summary>
    Task<EncodingPreset?> GetAsync(string presetId, CancellationToken cancellationToken);
}
