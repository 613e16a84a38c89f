using System.Collections.Immutable;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using A = Lunora.Worker.State.DestinationAttributes;

namespace Lunora.Worker.State;

/// <summary>
/// Maps a stored item to a <see cref="DestinationRecord"/> without ever throwing: whatever cannot be read faithfully
/// becomes <see cref="DestinationSpec.RecordProblem"/> (attribute names only, never values that could be secrets), and
/// URLs are kept as stored so the planner's validator judges them.
/// </summary>
internal static class DestinationRecordReader
{
    public static DestinationRecord Read(Dictionary<string, AttributeValue> item)
    {
        var problems = new List<string>();
        var id = Str(item, A.Id, problems) ?? "";

        var platform = Platform.Custom;
        var platformText = Str(item, A.Platform, problems);
        if (platformText is null)
        {
            if (item.ContainsKey(A.Platform) is false)
            {
                problems.Add("platform is missing");
            }
        }
        else if (!TryPlatform(platformText, out platform))
        {
            problems.Add($"unknown platform '{Truncate(platformText)}' (expected youtube, twitch, restream, custom or hls)");
        }

        var desiredText = Str(item, A.DesiredState, problems);
        var storedStatus = Str(item, A.StreamingStatus, problems);
        var desired = DesiredState.Stopped;
        var hasDesired = desiredText is not null;
        if (desiredText is not null && !TryDesired(desiredText, out desired))
        {
            problems.Add($"unknown desired_state '{Truncate(desiredText)}' (expected streaming or stopped)");
        }
        else if (desiredText is null)
        {
            // A record from before desired_state existed: the Lambda said "on" by writing streaming_status = streaming.
            desired = LegacyIntent(storedStatus);
        }

        var preference = UrlPreference.Auto;
        if (Str(item, A.UrlPreference, problems) is { } preferenceText && !TryPreference(preferenceText, out preference))
        {
            problems.Add($"unknown url_preference '{Truncate(preferenceText)}' (expected auto, primary or backup)");
        }

        var primaryUrl = Str(item, A.RtmpUrl, problems);
        var primaryKey = Str(item, A.StreamKeyParam, problems);
        var backupUrl = Str(item, A.BackupRtmpUrl, problems);
        var backupKey = Str(item, A.BackupStreamKeyParam, problems);
        var updatedAtText = Str(item, A.UpdatedAt, problems);

        var spec = new DestinationSpec
        {
            Id = id,
            Name = Str(item, A.Name, problems) ?? "",
            Platform = platform,
            Primary = primaryUrl is null && primaryKey is null ? null : new EndpointSpec(primaryUrl, primaryKey, null),
            Backup = backupUrl is null && backupKey is null ? null : new EndpointSpec(backupUrl, backupKey, null),
            FailoverEnabled = Bool(item, A.FailoverEnabled, problems) ?? false,
            Enabled = Bool(item, A.Enabled, problems) ?? true,
            PresetId = Str(item, A.PresetId, problems),
            DesiredState = desired,
            DesiredVersion = Num(item, A.DesiredVersion, problems) ?? 0,
            ChangedAt = DynamoTime.Parse(updatedAtText),
            UrlPreference = preference,
            RecentFailovers = Failovers(item),
        };

        var stored = new StatusSnapshot(
            storedStatus,
            Str(item, A.CurrentUrlType, problems),
            Str(item, A.StatusReason, problems),
            Num(item, A.ObservedVersion, problems));

        if (problems.Count > 0)
        {
            spec = spec with { RecordProblem = string.Join("; ", problems) };
        }

        return new DestinationRecord(spec, Str(item, A.ChannelId, []), hasDesired, stored);
    }

    public static DesiredState LegacyIntent(string? legacyStatus) =>
        string.Equals(legacyStatus, "streaming", StringComparison.OrdinalIgnoreCase) ? DesiredState.Streaming : DesiredState.Stopped;

    public static string? Str(Dictionary<string, AttributeValue> item, string name, List<string> problems)
    {
        if (!item.TryGetValue(name, out var value) || value is null || value.NULL == true)
        {
            return null;
        }

        if (value.S is not null)
        {
            return value.S;
        }

        problems.Add($"{name} has the wrong type (expected a string)");
        return null;
    }

    public static bool? Bool(Dictionary<string, AttributeValue> item, string name, List<string> problems)
    {
        if (!item.TryGetValue(name, out var value) || value is null || value.NULL == true)
        {
            return null;
        }

        if (value.BOOL is { } flag)
        {
            return flag;
        }

        // Tolerated: what a hand-edited item or an older script may hold.
        if (value.S is { } text && bool.TryParse(text, out var parsed))
        {
            return parsed;
        }

        if (value.N is "0" or "1")
        {
            return value.N == "1";
        }

        problems.Add($"{name} has the wrong type (expected a boolean)");
        return null;
    }

    public static long? Num(Dictionary<string, AttributeValue> item, string name, List<string> problems)
    {
        if (!item.TryGetValue(name, out var value) || value is null || value.NULL == true)
        {
            return null;
        }

        var text = value.N ?? value.S;
        if (text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add($"{name} has the wrong type (expected a whole number)");
        return null;
    }

    private static ImmutableArray<DateTimeOffset> Failovers(Dictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(A.RecentFailovers, out var value) || value?.L is not { } list)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<DateTimeOffset>();
        foreach (var entry in list)
        {
            var at = entry?.M is { } map && map.TryGetValue("at", out var atValue) ? atValue?.S : entry?.S;
            if (DynamoTime.Parse(at) is { } parsed)
            {
                builder.Add(parsed);
            }
        }

        return builder.ToImmutable();
    }

    private static bool TryPlatform(string text, out Platform platform)
    {
        platform = text.Trim().ToUpperInvariant() switch
        {
            "YOUTUBE" => Platform.YouTube,
            "TWITCH" => Platform.Twitch,
            "RESTREAM" => Platform.Restream,
            "CUSTOM" => Platform.Custom,
            "HLS" => Platform.Hls,
            _ => (Platform)(-1),
        };
        return Enum.IsDefined(platform);
    }

    private static bool TryDesired(string text, out DesiredState state)
    {
        state = text.Trim().ToUpperInvariant() switch
        {
            "STREAMING" => DesiredState.Streaming,
            "STOPPED" => DesiredState.Stopped,
            _ => (DesiredState)(-1),
        };
        return Enum.IsDefined(state);
    }

    private static bool TryPreference(string text, out UrlPreference preference)
    {
        preference = text.Trim().ToUpperInvariant() switch
        {
            "AUTO" => UrlPreference.Auto,
            "PRIMARY" => UrlPreference.Primary,
            "BACKUP" => UrlPreference.Backup,
            _ => (UrlPreference)(-1),
        };
        return Enum.IsDefined(preference);
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
