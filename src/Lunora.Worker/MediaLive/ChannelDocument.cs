using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.Encodings;
using Lunora.Worker.Secrets;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// Reads a DescribeChannel document: what Lunora owns (its RTMP output groups and their destinations) is parsed, and
/// everything else is reduced to a fingerprint over exactly what an UpdateChannel would send back, so a patched body
/// can be proven to leave it alone.
/// </summary>
public static class ChannelDocument
{
    /// <summary>The UpdateChannel members Lunora sends back as read. Anything else in a channel document is read-only or runtime state.</summary>
    internal static readonly ImmutableArray<string> UpdateMembers =
    [
        "name", "destinations", "encoderSettings", "inputAttachments", "inputSpecification", "logLevel", "maintenance",
        "roleArn", "cdiInputSpecification", "channelEngineVersion", "anywhereSettings", "linkedChannelSettings",
        "channelSecurityGroups", "inferenceSettings", "specialRouterSettings",
    ];

    // The describe shapes carry output-only members that the update shapes reject.
    private static readonly ImmutableArray<string> MaintenanceUpdateMembers = ["maintenanceDay", "maintenanceScheduledDate", "maintenanceStartTime"];
    private static readonly ImmutableArray<string> EngineVersionUpdateMembers = ["version"];

    public static ObservedChannel ToObserved(JsonObject document, string channelId)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new ObservedChannel(
            document["id"]?.GetValue<string>() ?? channelId,
            ClassOf(document),
            ParseState(document["state"]?.GetValue<string>()),
            ManagedOutputs(document),
            UnmanagedFingerprint(document));
    }

    /// <summary>Lunora's RTMP groups in a channel document or an UpdateChannel body, in document order.</summary>
    public static ImmutableArray<ObservedOutput> ManagedOutputs(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var outputs = ImmutableArray.CreateBuilder<ObservedOutput>();
        var destinations = DestinationsById(document);
        foreach (var group in ManagedGroups(document))
        {
            var name = group["name"]!.GetValue<string>();
            var targets = ImmutableArray<ObservedTarget>.Empty;
            var refId = DestinationRefIds(group).FirstOrDefault();
            if (refId is not null && destinations.TryGetValue(refId, out var destination) && destination["settings"] is JsonArray settings)
            {
                targets = [.. settings.OfType<JsonObject>().Select(s => new ObservedTarget(
                    s["url"]?.GetValue<string>() ?? "",
                    StreamKeyFingerprint.Of(s["streamName"]?.GetValue<string>() ?? "")))];
            }

            var video = group["outputs"] is JsonArray groupOutputs
                ? groupOutputs.OfType<JsonObject>().Select(o => o["videoDescriptionName"]?.GetValue<string>()).FirstOrDefault()
                : null;
            outputs.Add(new ObservedOutput(name, targets, PresetEncoding.PresetOfVideo(video)));
        }

        return outputs.ToImmutable();
    }

    /// <summary>The stream name each pipeline of each of Lunora's groups sends with: for keeping a key on the channel, never for display.</summary>
    internal static IEnumerable<(string Group, string Url, string StreamName)> ManagedStreamNames(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var destinations = DestinationsById(document);
        foreach (var group in ManagedGroups(document))
        {
            var refId = DestinationRefIds(group).FirstOrDefault();
            if (refId is null || !destinations.TryGetValue(refId, out var destination) || destination["settings"] is not JsonArray settings)
            {
                continue;
            }

            foreach (var s in settings.OfType<JsonObject>())
            {
                if (s["url"]?.GetValue<string>() is { } url && s["streamName"]?.GetValue<string>() is { Length: > 0 } streamName)
                {
                    yield return (group["name"]!.GetValue<string>(), url, streamName);
                }
            }
        }
    }

    /// <summary>Same managed groups sending to the same URLs with the same stream names and presets, whatever the order of the groups.</summary>
    public static bool SameManagedOutputs(JsonObject a, JsonObject b)
    {
        static string Key(ObservedOutput o) => o.GroupName + "|" + o.PresetId + "|" + string.Join("|", o.Pipelines.Select(p => p.Url + " " + p.KeyFingerprint));
        var left = ManagedOutputs(a).Select(Key).Order(StringComparer.Ordinal);
        var right = ManagedOutputs(b).Select(Key).Order(StringComparer.Ordinal);
        return left.SequenceEqual(right, StringComparer.Ordinal);
    }

    public static ChannelClass ClassOf(JsonObject document) => document["channelClass"]?.GetValue<string>() switch
    {
        "SINGLE_PIPELINE" => ChannelClass.SinglePipeline,
        null or "STANDARD" => ChannelClass.Standard,
        var other => throw new UnreadableChannelException($"Unknown channel class '{other}'."),
    };

    public static ChannelState ParseState(string? state) => state switch
    {
        "CREATING" => ChannelState.Creating,
        "CREATE_FAILED" => ChannelState.CreateFailed,
        "IDLE" => ChannelState.Idle,
        "STARTING" => ChannelState.Starting,
        "RUNNING" => ChannelState.Running,
        "RECOVERING" => ChannelState.Recovering,
        "STOPPING" => ChannelState.Stopping,
        "DELETING" => ChannelState.Deleting,
        "DELETED" => ChannelState.Deleted,
        "UPDATING" => ChannelState.Updating,
        "UPDATE_FAILED" => ChannelState.UpdateFailed,
        _ => throw new UnreadableChannelException($"Unknown channel state '{state}'."),
    };

    /// <summary>
    /// A stable digest of everything an UpdateChannel would carry except Lunora's own groups and destinations. Works on
    /// a DescribeChannel document and on an UpdateChannel body alike.
    /// </summary>
    public static string UnmanagedFingerprint(JsonObject document)
    {
        var unmanaged = WithoutManaged(ToUpdateProjection(document));
        // Adding the first managed destination creates the list; no destinations and an empty list mean the same.
        if (unmanaged["destinations"] is JsonArray { Count: 0 })
        {
            unmanaged.Remove("destinations");
        }

        var canonical = new StringBuilder();
        WriteCanonical(unmanaged, canonical);
        return "um:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>The UpdateChannel members of a document, deep-copied exactly as read (describe-only sub-members dropped).</summary>
    public static JsonObject ToUpdateProjection(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var body = new JsonObject();
        foreach (var member in UpdateMembers)
        {
            if (!document.TryGetPropertyValue(member, out var value) || value is null)
            {
                continue;
            }

            body[member] = member switch
            {
                "maintenance" when value is JsonObject m => Pick(m, MaintenanceUpdateMembers),
                "channelEngineVersion" when value is JsonObject v => Pick(v, EngineVersionUpdateMembers),
                _ => value.DeepClone(),
            };
        }

        return body;
    }

    /// <summary>A copy with Lunora's groups, the destinations only they use and Lunora's preset descriptions removed.</summary>
    public static JsonObject WithoutManaged(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = body.DeepClone().AsObject();
        if (copy["encoderSettings"]?["outputGroups"] is not JsonArray groups)
        {
            return copy;
        }

        var managed = groups.OfType<JsonObject>().Where(IsManagedGroup).ToList();
        var managedRefs = managed.SelectMany(DestinationRefIds).ToHashSet(StringComparer.Ordinal);
        foreach (var group in managed)
        {
            groups.Remove(group);
        }

        // A destination an unmanaged group still uses is not ours to drop, whatever its name.
        var unmanagedRefs = groups.OfType<JsonObject>().SelectMany(DestinationRefIds).ToHashSet(StringComparer.Ordinal);
        if (copy["destinations"] is JsonArray destinations)
        {
            foreach (var destination in destinations.OfType<JsonObject>().ToList())
            {
                var id = destination["id"]?.GetValue<string>();
                if (id is not null && !unmanagedRefs.Contains(id) && (managedRefs.Contains(id) || OutputNaming.IsManaged(id)))
                {
                    destinations.Remove(destination);
                }
            }
        }

        RemoveOwnedDescriptions(copy["encoderSettings"]!.AsObject(), groups);
        return copy;
    }

    // Lunora's preset encodes go with its groups; a description in Lunora's namespace that an unmanaged output still
    // uses is not ours to drop, whatever its name.
    private static void RemoveOwnedDescriptions(JsonObject encoder, JsonArray unmanagedGroups)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in unmanagedGroups.OfType<JsonObject>().SelectMany(g => g["outputs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (output["videoDescriptionName"]?.GetValue<string>() is { } video)
            {
                used.Add(video);
            }

            foreach (var audio in (output["audioDescriptionNames"] as JsonArray ?? []).OfType<JsonValue>())
            {
                used.Add(audio.GetValue<string>());
            }
        }

        foreach (var member in (string[])["videoDescriptions", "audioDescriptions"])
        {
            if (encoder[member] is not JsonArray descriptions)
            {
                continue;
            }

            foreach (var description in descriptions.OfType<JsonObject>().ToList())
            {
                var name = description["name"]?.GetValue<string>();
                if (PresetEncoding.IsOwnedName(name) && !used.Contains(name!))
                {
                    descriptions.Remove(description);
                }
            }
        }
    }

    public static bool IsManagedGroup(JsonObject group) =>
        OutputNaming.IsManaged(group["name"]?.GetValue<string>())
        && group["outputGroupSettings"]?["rtmpGroupSettings"] is JsonObject;

    internal static IEnumerable<JsonObject> ManagedGroups(JsonObject document) =>
        document["encoderSettings"]?["outputGroups"] is JsonArray groups ? groups.OfType<JsonObject>().Where(IsManagedGroup) : [];

    internal static IEnumerable<string> DestinationRefIds(JsonObject group)
    {
        if (group["outputs"] is not JsonArray outputs)
        {
            yield break;
        }

        foreach (var output in outputs.OfType<JsonObject>())
        {
            if (output["outputSettings"] is not JsonObject settings)
            {
                continue;
            }

            // Every output type names its destination through some "destination": {"destinationRefId": …}.
            foreach (var (_, typed) in settings)
            {
                if (typed?["destination"]?["destinationRefId"] is JsonValue id)
                {
                    yield return id.GetValue<string>();
                }
            }
        }

        if (group["outputGroupSettings"] is JsonObject groupSettings)
        {
            foreach (var (_, typed) in groupSettings)
            {
                if (typed?["destination"]?["destinationRefId"] is JsonValue id)
                {
                    yield return id.GetValue<string>();
                }
            }
        }
    }

    private static Dictionary<string, JsonObject> DestinationsById(JsonObject document)
    {
        var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (document["destinations"] is JsonArray destinations)
        {
            foreach (var d in destinations.OfType<JsonObject>())
            {
                if (d["id"]?.GetValue<string>() is { } id)
                {
                    map.TryAdd(id, d);
                }
            }
        }

        return map;
    }

    private static JsonObject Pick(JsonObject source, ImmutableArray<string> members)
    {
        var picked = new JsonObject();
        foreach (var m in members)
        {
            if (source.TryGetPropertyValue(m, out var v) && v is not null)
            {
                picked[m] = v.DeepClone();
            }
        }

        return picked;
    }

    // Object members sorted ordinally, arrays in order, numbers and strings as System.Text.Json writes them.
    private static void WriteCanonical(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(JsonSerializer.Serialize(key)).Append(':');
                    WriteCanonical(value, sb);
                }

                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteCanonical(array[i], sb);
                }

                sb.Append(']');
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }
}
