using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Tests.EndToEnd;

namespace Lunora.Worker.Tests.Scale;

/// <summary>What <see cref="LocalStack"/> shows for its default channel, for any channel of the emulator.</summary>
internal static class ChannelView
{
    public static async Task<JsonObject> ChannelAsync(this LocalStack stack, string channelId)
    {
        var json = await stack.Http.GetStringAsync(new Uri($"prod/channels/{channelId}", UriKind.Relative));
        return JsonNode.Parse(json)!.AsObject();
    }

    public static async Task<string> StateOfAsync(this LocalStack stack, string channelId) =>
        (string)(await stack.ChannelAsync(channelId))["state"]!;

    /// <summary>Names of Lunora's output groups in the channel.</summary>
    public static async Task<string[]> ManagedGroupsAsync(this LocalStack stack, string channelId) =>
        [.. (await stack.ChannelAsync(channelId))["encoderSettings"]!["outputGroups"]!.AsArray()
            .Select(g => (string)g!["name"]!)
            .Where(n => n.StartsWith("lunora-", StringComparison.Ordinal))];

    /// <summary>
    /// Like <see cref="WorkerUnderTest.EventuallyAsync"/> but gentler: reading channels spends the emulator's MediaLive
    /// budget the worker shares, so look at most five times a second.
    /// </summary>
    public static async Task PolitelyAsync(Func<Task<bool>> condition, TimeSpan deadline, string because)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"not within {deadline.TotalSeconds:0.#}s: {because}");
    }

    public static Dictionary<string, AttributeValue> On(string channelId) => new() { ["channel_id"] = new(channelId) };

    public static async Task<string?> AttributeAsync(this LocalStack stack, string destinationId, string attribute) =>
        (await stack.DestinationAsync(destinationId)).TryGetValue(attribute, out var v) ? v.S : null;
}
