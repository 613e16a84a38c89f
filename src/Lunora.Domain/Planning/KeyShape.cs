using System.Text.RegularExpressions;

namespace Lunora.Domain.Planning;

/// <summary>
/// Tells a stream key from a Parameter Store name or a URL path segment, so a key pasted into the wrong field is
/// refused before it reaches Parameter Store, a status reason, a log or a MediaLive body. Errs towards "key": a
/// refused name costs the operator a rename, an accepted key costs a leak. Never returns or echoes the text.
/// </summary>
public static partial class KeyShape
{
    /// <summary>What Parameter Store accepts in a name (letters, digits, <c>. - _ /</c>).</summary>
    public static bool IsParameterName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParameterName().IsMatch(text.Trim());
    }

    /// <summary>True when some segment of <paramref name="text"/> looks like a stream key rather than a name.</summary>
    public static bool LooksLikeKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(SegmentLooksLikeKey);
    }

    /// <summary>One path segment: a known platform key format, or a long token mixing letters and digits the way generated keys do.</summary>
    public static bool SegmentLooksLikeKey(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (KnownFormat().IsMatch(segment))
        {
            return true;
        }

        // Words joined by - _ . (youtube-main, twitch_backup_2024) are names; a long run mixing letters and digits is generated.
        foreach (var token in segment.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length >= 16 && token.Any(char.IsAsciiDigit) && token.Any(char.IsAsciiLetter) && Switches(token) >= 4)
            {
                return true;
            }
        }

        return false;
    }

    // Letter/digit alternations: "stream2024" has one, "a7Q2W9X4Zk" has many.
    private static int Switches(string token)
    {
        var switches = 0;
        for (var i = 1; i < token.Length; i++)
        {
            if (char.IsAsciiDigit(token[i]) != char.IsAsciiDigit(token[i - 1]))
            {
                switches++;
            }
        }

        return switches;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]{1,2048}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    // Twitch live_<digits>_<token>, YouTube xxxx-xxxx-xxxx-xxxx(-xxxx), Restream re_<digits>_<token>, Facebook FB-<digits>-…,
    // and the sk-/sk_ secret prefix many services use.
    [GeneratedRegex(
        @"^(live_\d{4,}_[A-Za-z0-9]{8,}|(?=[^/]*\d)[a-z0-9]{4}(-[a-z0-9]{4}){3,5}|re_\d{3,}_[A-Za-z0-9]{8,}|FB-\d{6,}-\d+-[A-Za-z0-9\-_]{8,}|sk[-_][A-Za-z0-9\-_]{12,})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex KnownFormat();
}
