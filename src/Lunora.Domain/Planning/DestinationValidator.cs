using System.Collections.Immutable;
using Lunora.Domain.Desired;

namespace Lunora.Domain.Planning;

/// <summary>Rule 8: what makes a destination unplannable, with a reason a person can act on.</summary>
public static class DestinationValidator
{
    /// <summary>Splits destinations into plannable ones and reasons for the rest. Never throws for bad data.</summary>
    public static (ImmutableArray<DestinationSpec> Valid, ImmutableDictionary<string, string> Errors) Validate(
        IEnumerable<DestinationSpec> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var all = destinations.ToList();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var group in all.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors[group.Key] = $"duplicate destination id '{group.Key}'";
        }

        foreach (var group in all.Where(d => !errors.ContainsKey(d.Id))
                     .GroupBy(d => OutputNaming.GroupName(d.Id), StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            foreach (var d in group)
            {
                errors[d.Id] = $"output name {group.Key} collides with another destination";
            }
        }

        foreach (var d in all.Where(d => !errors.ContainsKey(d.Id)))
        {
            if (Check(d) is { } problem)
            {
                errors[d.Id] = problem;
            }
        }

        var valid = all.Where(d => !errors.ContainsKey(d.Id)).ToImmutableArray();
        return (valid, errors.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>The problem with one destination on its own, or null when it can be planned.</summary>
    public static string? Check(DestinationSpec destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (string.IsNullOrWhiteSpace(destination.Id))
        {
            return "destination_id is empty";
        }

        if (destination.RecordProblem is { } recordProblem)
        {
            return recordProblem;
        }

        // The HLS player rides on an output group Lunora does not own: it needs no ingest of its own.
        if (destination.Platform == Platform.Hls)
        {
            return null;
        }

        if (destination.Primary is null)
        {
            return "rtmp_url is missing";
        }

        if (CheckEndpoint(destination.Primary, destination.Platform, "rtmp_url", "stream_key_param") is { } primaryProblem)
        {
            return primaryProblem;
        }

        if (destination.Primary.KeyFingerprint is null)
        {
            return $"stream key parameter {destination.Primary.KeyParameter} could not be resolved";
        }

        // A backup whose key cannot be read only leaves the destination without failover (UsableBackup says so);
        // it never takes a working primary down with it. A backup that is wrong as written is the record's error.
        if (destination.Backup is { } backup && (backup.Url is not null || backup.KeyParameter is not null))
        {
            if (CheckEndpoint(backup, destination.Platform, "backup_rtmp_url", "backup_stream_key_param") is { } backupProblem)
            {
                return backupProblem;
            }
        }

        return null;
    }

    /// <summary>
    /// YouTube, Twitch and Restream ingest URLs end at the application ("…/live2", "…/app", "…/live"): a key-shaped
    /// segment after it is a stream key pasted into the URL. Custom servers may have deeper paths, so they are not judged.
    /// </summary>
    public static string? CheckUrlCarriesNoKey(string? url, Platform platform, string field)
    {
        if (platform is not (Platform.YouTube or Platform.Twitch or Platform.Restream)
            || url is null
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && KeyShape.SegmentLooksLikeKey(Uri.UnescapeDataString(segments[^1]))
            ? $"{field} ends with what looks like a stream key; {platform} ingest URLs end at the application, so put the key in Parameter Store and name it in the key parameter"
            : null;
    }

    /// <summary>The backup endpoint when it is fully specified, else null.</summary>
    public static EndpointSpec? UsableBackup(DestinationSpec destination) =>
        destination.Backup is { Url: not null, KeyParameter: not null, KeyFingerprint: not null } backup ? backup : null;

    public static string? CheckUrl(string? url, string field)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return $"{field} is missing";
        }

        if (url.Any(char.IsWhiteSpace) || url.Any(char.IsControl))
        {
            return $"{field} contains whitespace";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"{field} is not a valid URL";
        }

        if (uri.Scheme is not ("rtmp" or "rtmps"))
        {
            return $"{field} must use rtmp:// or rtmps://, not {uri.Scheme}://";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return $"{field} has no host";
        }

        if (uri.AbsolutePath.Trim('/').Length == 0)
        {
            return $"{field} has no application path (expected rtmp://host/app)";
        }

        // YouTube's backup ingest is documented as rtmp://b.rtmp.youtube.com/live2?backup=1; any other query could carry a key.
        var query = uri.Query.TrimStart('?');
        var allowedQuery = query.Length == 0 || (query.StartsWith("backup=", StringComparison.Ordinal) && query[7..].All(char.IsAsciiDigit) && query.Length > 7);
        if (!allowedQuery || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{field} must not carry a query, fragment or credentials (the stream key goes in the parameter)";
        }

        return null;
    }

    private static string? CheckEndpoint(EndpointSpec endpoint, Platform platform, string urlField, string keyField)
    {
        if (CheckUrl(endpoint.Url, urlField) is { } urlProblem)
        {
            return urlProblem;
        }

        if (CheckUrlCarriesNoKey(endpoint.Url, platform, urlField) is { } keyInUrl)
        {
            return keyInUrl;
        }

        if (string.IsNullOrWhiteSpace(endpoint.KeyParameter))
        {
            return $"{keyField} is missing";
        }

        if (!KeyShape.IsParameterName(endpoint.KeyParameter) || KeyShape.LooksLikeKey(endpoint.KeyParameter))
        {
            return $"{keyField} looks like a stream key, not a Parameter Store name; store the key in Parameter Store and put the parameter's name here";
        }

        return null;
    }
}
