using System.Text.Json.Nodes;
using Lunora.Emulator;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>Emulator seeds derived from the embedded one (src/Lunora.Emulator/seed/account.json).</summary>
public static class TestSeed
{
    /// <summary>Writes the embedded seed with <paramref name="channelId"/>'s class changed to a temporary file; returns its path.</summary>
    public static async Task<string> WithChannelClassAsync(string channelId, string channelClass)
    {
        await using var stream = typeof(EmulatorServer).Assembly.GetManifestResourceStream("seed-account.json")
            ?? throw new InvalidOperationException("the emulator's embedded seed is missing");
        var seed = (await JsonNode.ParseAsync(stream))!.AsObject();
        var channel = seed["channels"]!.AsArray().Single(c => (string)c!["id"]! == channelId)!;
        channel["channelClass"] = channelClass;
        var path = Path.Combine(Path.GetTempPath(), $"lunora-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, seed.ToJsonString());
        return path;
    }
}
