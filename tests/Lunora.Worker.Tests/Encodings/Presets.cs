using Lunora.Domain.Desired;

namespace Lunora.Worker.Tests.Encodings;

internal static class Presets
{
    public static EncodingPreset P1080 { get; } = new("1080p30", "1080p", 1920, 1080, 30m, 6_000_000, 160_000, "high", null);

    public static EncodingPreset P720 { get; } = new("720p30", "720p", 1280, 720, 30m, 3_000_000, 128_000, "high", null);

    public static Dictionary<string, EncodingPreset> ById(params EncodingPreset[] presets) =>
        presets.ToDictionary(p => p.Id, StringComparer.Ordinal);
}
