using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Tests.MediaLive;

internal static class RoundTrip
{
    public static DesiredOutput Output(string destinationId, int pipelines, string urlBase, string? presetId = null) => new(
        destinationId,
        OutputNaming.GroupName(destinationId),
        [.. Enumerable.Range(0, pipelines).Select(i => new DesiredTarget($"{urlBase}/{i}", $"/lunora/keys/{destinationId}/{i}", $"fp-{destinationId}-{i}", i == 0 ? UrlType.Primary : UrlType.Backup))],
        presetId);

    /// <summary>What DescribeChannel returns after the service accepted <paramref name="body"/>: runtime members as before, update members as sent.</summary>
    public static JsonObject AsDescribed(JsonObject before, JsonObject body)
    {
        var after = before.DeepClone().AsObject();
        foreach (var member in ChannelDocument.UpdateMembers)
        {
            if (body.TryGetPropertyValue(member, out var v) && v is not null && member is not ("maintenance" or "channelEngineVersion"))
            {
                after[member] = v.DeepClone();
            }
        }

        return after;
    }

    public static ImmutableArray<ResolvedOutput> Resolve(params DesiredOutput[] outputs) =>
        [.. outputs.Select(o => new ResolvedOutput(o, [.. o.Pipelines.Select((_, i) => $"secret-{o.DestinationId}-{i}")]))];
}
