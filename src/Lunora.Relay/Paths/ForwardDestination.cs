namespace Lunora.Relay.Paths;

/// <summary>
/// A forward's <c>dest</c> split as MediaMTX reads an RTMP one: <c>rtmp://host:port/app#streamKey</c> (the key after
/// <c>#</c>, see forward.md); without <c>#</c> the last path segment is the stream name. <see cref="ToString"/> never
/// shows the key.
/// </summary>
internal sealed record ForwardDestination(string Url, string StreamName)
{
    public static bool TryParse(string? dest, out ForwardDestination? destination, out string error)
    {
        destination = null;
        error = "";
        if (string.IsNullOrWhiteSpace(dest) || !Uri.TryCreate(dest, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "invalid forward destination";
            return false;
        }

        if (!string.Equals(uri.Scheme, "rtmp", StringComparison.OrdinalIgnoreCase))
        {
            // MediaMTX also forwards rtmps, rtsp(s), srt and whip(s); the stand-in's publisher speaks plain RTMP only.
            error = $"forward scheme '{uri.Scheme}' is not reproduced by the Lunora relay stand-in (rtmp only; see docs/relay.md)";
            return false;
        }

        var hash = dest.IndexOf('#', StringComparison.Ordinal);
        var withoutKey = hash < 0 ? dest : dest[..hash];
        if (hash >= 0)
        {
            destination = new ForwardDestination(withoutKey.TrimEnd('/'), dest[(hash + 1)..]);
            return true;
        }

        var slash = withoutKey.LastIndexOf('/');
        if (slash <= withoutKey.IndexOf("//", StringComparison.Ordinal) + 1 || slash == withoutKey.Length - 1)
        {
            error = "forward destination has no stream name";
            return false;
        }

        destination = new ForwardDestination(withoutKey[..slash], withoutKey[(slash + 1)..]);
        return true;
    }

    public override string ToString() => Url;
}
