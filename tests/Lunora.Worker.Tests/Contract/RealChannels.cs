namespace Lunora.Worker.Tests.Contract;

/// <summary>The real channel bodies in ../shared/fixtures/real-channels (wire casing, not the .orig SDK casing).</summary>
public static class RealChannels
{
    public static IReadOnlyList<string> Files()
    {
        var dir = Path.GetFullPath(Path.Combine(ServiceModel.ModelsDirectory(), "..", "fixtures", "real-channels"));
        return [.. Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".orig.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
