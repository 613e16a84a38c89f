using Lunora.Worker.Tests.Deploy;

namespace Lunora.Worker.Tests.Contract;

/// <summary>The real channel bodies in third_party/real-channels (wire casing, not the .orig SDK casing).</summary>
public static class RealChannels
{
    public static IReadOnlyList<string> Files()
    {
        var dir = RepositoryPaths.RealChannels;
        return [.. Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".orig.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
