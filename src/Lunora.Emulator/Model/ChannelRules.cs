using System.Text.Json.Nodes;

namespace Lunora.Emulator.Model;

/// <summary>MediaLive's cross-member rules that the model alone cannot express, checked on an UpdateChannel body.</summary>
internal static class ChannelRules
{
    private static readonly string[] AlternativeDestinationLists =
        ["mediaPackageSettings", "multiplexSettings", "srtSettings", "mediaConnectRouterSettings"];

    public static IReadOnlyList<ValidationError> Validate(JsonObject body, string channelClass)
    {
        var errors = new List<ValidationError>();
        var destinationIds = new HashSet<string>(StringComparer.Ordinal);
        var expectedSettings = channelClass == "SINGLE_PIPELINE" ? 1 : 2;

        if (body["destinations"] is JsonArray destinations)
        {
            for (var i = 0; i < destinations.Count; i++)
            {
                if (destinations[i] is not JsonObject destination)
                {
                    continue;
                }

                if (destination["id"] is JsonValue id && id.TryGetValue<string>(out var idText))
                {
                    destinationIds.Add(idText);
                }

                var settingsCount = (destination["settings"] as JsonArray)?.Count ?? 0;
                var usesOtherKind = AlternativeDestinationLists.Any(k => destination[k] is JsonArray { Count: > 0 } || destination[k] is JsonObject);
                if (!usesOtherKind && settingsCount != expectedSettings)
                {
                    errors.Add(new ValidationError(
                        $"destinations[{i}].settings",
                        $"a {channelClass} channel needs exactly {expectedSettings} destination settings, got {settingsCount}"));
                }
            }
        }

        if (body["encoderSettings"] is JsonObject encoder)
        {
            ValidateOutputGroups(encoder, destinationIds, errors);
        }

        return errors;
    }

    private static void ValidateOutputGroups(JsonObject encoder, HashSet<string> destinationIds, List<ValidationError> errors)
    {
        var videoNames = Names(encoder["videoDescriptions"]);
        var audioNames = Names(encoder["audioDescriptions"]);
        var captionNames = Names(encoder["captionDescriptions"]);
        if (encoder["outputGroups"] is not JsonArray groups)
        {
            return;
        }

        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g] is not JsonObject group)
            {
                continue;
            }

            var groupPath = $"encoderSettings.outputGroups[{g}]";
            var groupSettings = group["outputGroupSettings"] as JsonObject;
            if (groupSettings is not null && groupSettings.Count != 1)
            {
                errors.Add(new ValidationError($"{groupPath}.outputGroupSettings", "OutputGroupSettings must contain exactly one property"));
            }

            var outputs = group["outputs"] as JsonArray ?? [];
            if (groupSettings?["rtmpGroupSettings"] is not null && outputs.Count > 1)
            {
                errors.Add(new ValidationError($"{groupPath}.outputs", "an RTMP output group can contain only one output"));
            }

            foreach (var (kind, kindSettings) in groupSettings ?? new JsonObject())
            {
                if ((string?)kindSettings?["destination"]?["destinationRefId"] is { } refId && !destinationIds.Contains(refId))
                {
                    errors.Add(new ValidationError(
                        $"{groupPath}.outputGroupSettings.{kind}.destination.destinationRefId",
                        $"destinationRefId '{refId}' does not match any destination id"));
                }
            }

            for (var o = 0; o < outputs.Count; o++)
            {
                if (outputs[o] is JsonObject output)
                {
                    ValidateOutput(output, $"{groupPath}.outputs[{o}]", destinationIds, videoNames, audioNames, captionNames, errors);
                }
            }
        }
    }

    private static void ValidateOutput(
        JsonObject output,
        string path,
        HashSet<string> destinationIds,
        HashSet<string> videoNames,
        HashSet<string> audioNames,
        HashSet<string> captionNames,
        List<ValidationError> errors)
    {
        if (output["outputSettings"] is JsonObject settings)
        {
            if (settings.Count != 1)
            {
                errors.Add(new ValidationError($"{path}.outputSettings", "OutputSettings must contain exactly one property"));
            }

            foreach (var (kind, value) in settings)
            {
                var refId = (string?)value?["destination"]?["destinationRefId"];
                if (refId is not null && !destinationIds.Contains(refId))
                {
                    errors.Add(new ValidationError(
                        $"{path}.outputSettings.{kind}.destination.destinationRefId",
                        $"destinationRefId '{refId}' does not match any destination id"));
                }
            }
        }

        if ((string?)output["videoDescriptionName"] is { } video && !videoNames.Contains(video))
        {
            errors.Add(new ValidationError($"{path}.videoDescriptionName", $"video description '{video}' does not exist"));
        }

        CheckNames(output["audioDescriptionNames"], audioNames, $"{path}.audioDescriptionNames", "audio", errors);
        CheckNames(output["captionDescriptionNames"], captionNames, $"{path}.captionDescriptionNames", "caption", errors);
    }

    private static void CheckNames(JsonNode? names, HashSet<string> known, string path, string kind, List<ValidationError> errors)
    {
        if (names is not JsonArray list)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if ((string?)list[i] is { } name && !known.Contains(name))
            {
                errors.Add(new ValidationError($"{path}[{i}]", $"{kind} description '{name}' does not exist"));
            }
        }
    }

    private static HashSet<string> Names(JsonNode? descriptions) =>
        new(
            (descriptions as JsonArray ?? []).OfType<JsonObject>().Select(d => (string?)d["name"]).OfType<string>(),
            StringComparer.Ordinal);
}
