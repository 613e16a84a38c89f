namespace Lunora.Worker.Relay;

/// <summary>Where a path must forward: URL and the resolved key. Lives only for one API call; <see cref="ToString"/> hides the key.</summary>
public sealed record RelayForwardTarget(string Url, string StreamKey)
{
    /// <summary>MediaMTX's RTMP dest: the key after <c>#</c> (forward.md).</summary>
    public string Dest => Url + "#" + StreamKey;

    public override string ToString() => Url;
}
