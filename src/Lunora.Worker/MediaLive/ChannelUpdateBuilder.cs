using System.Text.Json.Nodes;
using Lunora.Domain.Planning;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// Builds an UpdateChannel body from the document just read: every member as read, Lunora's RTMP groups replaced by
/// the desired ones. Refuses (before anything is sent) if the result would change the unmanaged fingerprint.
/// </summary>
public static class ChannelUpdateBuilder
{
    // Connection behaviour for every managed RTMP output: keep retrying a platform that drops us, never give up the
    // output (numRetries exhausted would stop the channel), and keep the stream flowing through input loss.
    internal const int ConnectionRetryInterval = 2;
    internal const int NumRetries = 10;
    internal const int RestartDelay = 15;
    internal const int CacheLength = 30;

    public static JsonObject Build(JsonObject described, IReadOnlyList<ResolvedOutput> outputs, string expectedUnmanagedFingerprint)
    {
        ArgumentNullException.ThrowIfNull(described);
        ArgumentNullException.ThrowIfNull(outputs);
        var pipelineCount = ChannelDocument.ClassOf(described) == Domain.Observed.ChannelClass.Standard ? 2 : 1;
        var body = ChannelDocument.WithoutManaged(ChannelDocument.ToUpdateProjection(described));
        var encoder = body["encoderSettings"] as JsonObject
            ?? throw new InvalidOperationException("The channel has no encoderSettings to add outputs to.");

        if (outputs.Count > 0)
        {
            var groups = encoder["outputGroups"] as JsonArray ?? (JsonArray)(encoder["outputGroups"] = new JsonArray());
            var destinations = body["destinations"] as JsonArray ?? (JsonArray)(body["destinations"] = new JsonArray());
            foreach (var resolved in outputs)
            {
                var output = resolved.Output;
                if (output.Pipelines.Length != pipelineCount || resolved.StreamKeys.Length != pipelineCount)
                {
                    throw new InvalidOperationException(
                        $"Output {output.GroupName} has {output.Pipelines.Length} pipeline targets; the channel has {pipelineCount} pipelines.");
                }

                if (output.GroupName != OutputNaming.GroupName(output.DestinationId))
                {
                    throw new InvalidOperationException($"Output group name {output.GroupName} is not the one Lunora derives for its destination.");
                }

                destinations.Add(Destination(resolved));
                groups.Add(Group(output, encoder));
            }
        }

        var actual = ChannelDocument.UnmanagedFingerprint(body);
        if (!string.Equals(actual, expectedUnmanagedFingerprint, StringComparison.Ordinal))
        {
            throw new UnmanagedChangeException(
                $"Refusing UpdateChannel: unmanaged fingerprint would be {actual}, the plan expected {expectedUnmanagedFingerprint}.");
        }

        return body;
    }

    private static JsonObject Destination(ResolvedOutput resolved)
    {
        var settings = new JsonArray();
        for (var i = 0; i < resolved.Output.Pipelines.Length; i++)
        {
            settings.Add(new JsonObject
            {
                ["streamName"] = resolved.StreamKeys[i],
                ["url"] = resolved.Output.Pipelines[i].Url,
            });
        }

        return new JsonObject { ["id"] = resolved.Output.GroupName, ["settings"] = settings };
    }

    private static JsonObject Group(DesiredOutput output, JsonObject encoder)
    {
        var (video, audio) = PickDescriptions(encoder, output.PresetId);
        var rtmpOutput = new JsonObject
        {
            ["outputName"] = output.GroupName,
            ["outputSettings"] = new JsonObject
            {
                ["rtmpOutputSettings"] = new JsonObject
                {
                    ["connectionRetryInterval"] = ConnectionRetryInterval,
                    ["destination"] = new JsonObject { ["destinationRefId"] = output.GroupName },
                    ["numRetries"] = NumRetries,
                },
            },
            ["videoDescriptionName"] = video,
        };
        if (audio is not null)
        {
            rtmpOutput["audioDescriptionNames"] = new JsonArray(audio);
        }

        return new JsonObject
        {
            ["name"] = output.GroupName,
            ["outputGroupSettings"] = new JsonObject
            {
                ["rtmpGroupSettings"] = new JsonObject
                {
                    ["cacheFullBehavior"] = "WAIT_FOR_SERVER",
                    ["cacheLength"] = CacheLength,
                    ["inputLossAction"] = "EMIT_OUTPUT",
                    ["restartDelay"] = RestartDelay,
                },
            },
            ["outputs"] = new JsonArray(rtmpOutput),
        };
    }

    /// <summary>A description named "lunora-{presetId}" when the channel has one, else the channel's first.</summary>
    private static (string Video, string? Audio) PickDescriptions(JsonObject encoder, string? presetId)
    {
        var videos = Names(encoder["videoDescriptions"]);
        var audios = Names(encoder["audioDescriptions"]);
        if (videos.Count == 0)
        {
            throw new InvalidOperationException("The channel has no video description for an RTMP output to use.");
        }

        var preset = presetId is null ? null : OutputNaming.Prefix + presetId;
        var video = preset is not null && videos.Contains(preset) ? preset : videos[0];
        var audio = preset is not null && audios.Contains(preset) ? preset : audios.FirstOrDefault();
        return (video, audio);
    }

    private static List<string> Names(JsonNode? descriptions) =>
        descriptions is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(d => d["name"]?.GetValue<string>()).OfType<string>()]
            : [];
}
