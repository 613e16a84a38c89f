using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Encodings;

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

    /// <param name="presets">
    /// The presets the outputs name, by id. An output whose preset is here (and usable) gets Lunora's own encode for it,
    /// shared with every output on the same preset; any other output uses the channel's own descriptions.
    /// </param>
    public static JsonObject Build(
        JsonObject described,
        IReadOnlyList<ResolvedOutput> outputs,
        string expectedUnmanagedFingerprint,
        IReadOnlyDictionary<string, EncodingPreset>? presets = null)
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
            var encodes = AddPresetDescriptions(encoder, outputs, presets);
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
                groups.Add(Group(output, encoder, encodes));
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

    /// <summary>Adds one video (and audio) description per distinct usable preset; returns the names per preset id.</summary>
    private static Dictionary<string, (string Video, string? Audio)> AddPresetDescriptions(
        JsonObject encoder,
        IReadOnlyList<ResolvedOutput> outputs,
        IReadOnlyDictionary<string, EncodingPreset>? presets)
    {
        var encodes = new Dictionary<string, (string Video, string? Audio)>(StringComparer.Ordinal);
        if (presets is null)
        {
            return encodes;
        }

        var videos = encoder["videoDescriptions"] as JsonArray ?? (JsonArray)(encoder["videoDescriptions"] = new JsonArray());
        var audios = encoder["audioDescriptions"] as JsonArray ?? (JsonArray)(encoder["audioDescriptions"] = new JsonArray());
        var selector = AudioSelector(encoder);
        foreach (var presetId in outputs.Select(o => o.Output.PresetId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!presets.TryGetValue(presetId, out var preset) || !PresetEncoding.IsUsable(preset))
            {
                continue;
            }

            var video = PresetEncoding.Video(preset);
            AddOwned(videos, video);
            string? audioName = null;
            if (selector is not null)
            {
                var audio = PresetEncoding.Audio(preset, selector);
                AddOwned(audios, audio);
                audioName = PresetEncoding.AudioName(presetId);
            }

            encodes[presetId] = (PresetEncoding.VideoName(presetId), audioName);
        }

        return encodes;
    }

    // An unmanaged output still using a description in Lunora's namespace kept it in the body: never overwrite it.
    private static void AddOwned(JsonArray descriptions, JsonObject description)
    {
        var name = description["name"]!.GetValue<string>();
        if (Names(descriptions).Contains(name))
        {
            throw new InvalidOperationException($"The channel has its own description named {name}, which an unmanaged output uses; rename it so Lunora can own that name.");
        }

        descriptions.Add(description);
    }

    /// <summary>The audio the channel already encodes: its first audio description's selector, else the first input's first selector.</summary>
    private static string? AudioSelector(JsonObject encoder) =>
        (encoder["audioDescriptions"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => a["audioSelectorName"]?.GetValue<string>())
            .FirstOrDefault(n => !string.IsNullOrEmpty(n));

    private static JsonObject Group(DesiredOutput output, JsonObject encoder, Dictionary<string, (string Video, string? Audio)> encodes)
    {
        var (video, audio) = output.PresetId is { } presetId && encodes.TryGetValue(presetId, out var encode)
            ? encode
            : PickDescriptions(encoder, output.PresetId);
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

    /// <summary>No Lunora encode for the preset: a channel description named "lunora-{presetId}" when there is one, else the channel's first.</summary>
    private static (string Video, string? Audio) PickDescriptions(JsonObject encoder, string? presetId)
    {
        var videos = Names(encoder["videoDescriptions"]).Where(n => !PresetEncoding.IsOwnedName(n)).ToList();
        var audios = Names(encoder["audioDescriptions"]).Where(n => !PresetEncoding.IsOwnedName(n)).ToList();
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
