namespace Lunora.Worker.Relay;

/// <summary>
/// Keeps stream keys out of what the relay says back. A forward's <c>dest</c> carries the key after <c>#</c> (RTMP) or
/// in the query (SRT <c>streamid</c>, <c>passphrase</c>); MediaMTX error texts may quote a dest.
/// </summary>
public static class RelayRedaction
{
    public const string Mask = "[redacted]";

    /// <summary>The dest without its key part: what may be logged, compared and shown.</summary>
    public static string DestWithoutKey(string dest)
    {
        ArgumentNullException.ThrowIfNull(dest);
        var hash = dest.IndexOf('#', StringComparison.Ordinal);
        var withoutFragment = hash < 0 ? dest : dest[..hash];
        var query = withoutFragment.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? withoutFragment : withoutFragment[..query];
    }

    /// <summary>The key part of a dest (after <c>#</c>), or null.</summary>
    public static string? KeyOf(string dest)
    {
        ArgumentNullException.ThrowIfNull(dest);
        var hash = dest.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 && hash < dest.Length - 1 ? dest[(hash + 1)..] : null;
    }

    /// <summary>Removes every given secret and anything that looks like a dest's key part (<c>#…</c>, <c>streamid=…</c>, <c>passphrase=…</c>) from a text.</summary>
    public static string Text(string? text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        text = System.Text.RegularExpressions.Regex.Replace(text, @"#[^\s""',]+", "#" + Mask);
        return System.Text.RegularExpressions.Regex.Replace(text, @"(?i)(streamid|passphrase|pass|key)=[^\s&""',]+", "$1=" + Mask);
    }
}
