using System.Globalization;
using System.Text.Json.Nodes;

namespace Lunora.Bench.Harness;

/// <summary>An emulator seed with N copies of the first channel of src/Lunora.Emulator/seed/account.json, each with its own input.</summary>
public static class SeedWriter
{
    public const int FirstChannelId = 1000001;

    public static IReadOnlyList<string> ChannelIds(int count) =>
        [.. Enumerable.Range(FirstChannelId, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    public static async Task<string> WriteAsync(string repoRoot, int channels, CancellationToken cancellationToken)
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repoRoot, "src", "Lunora.Emulator", "seed", "account.json"), cancellationToken))!.AsObject();
        var channel = template["channels"]![0]!.AsObject();
        var inputId = (string)channel["inputAttachments"]![0]!["inputId"]!;
        var input = template["inputs"]!.AsArray().First(i => (string)i!["id"]! == inputId)!.AsObject();

        var channelArray = new JsonArray();
        var inputArray = new JsonArray();
        foreach (var id in ChannelIds(channels))
        {
            var c = channel.DeepClone().AsObject();
            c["id"] = id;
            c["name"] = $"bench-channel-{id}";
            var newInput = "9" + id;
            c["inputAttachments"]![0]!["inputId"] = newInput;
            channelArray.Add(c);
            var i = input.DeepClone().AsObject();
            i["id"] = newInput;
            i["name"] = $"bench-input-{id}";
            inputArray.Add(i);
        }

        template["channels"] = channelArray;
        template["inputs"] = inputArray;
        var path = Path.Combine(Path.GetTempPath(), $"lunora-bench-seed-{channels}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, template.ToJsonString(), cancellationToken);
        return path;
    }
}
