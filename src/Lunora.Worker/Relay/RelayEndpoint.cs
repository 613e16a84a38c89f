namespace Lunora.Worker.Relay;

/// <summary>
/// One relay task: its control API and the base URL under which it reads its own ingests back
/// (MediaMTX: <c>rtmp://127.0.0.1:1935</c>; a path's <c>source</c> is <c>{SourceBase}/{ingest}</c>).
/// </summary>
/// <param name="Relay">0 = relay A (pipeline 0), 1 = relay B (pipeline 1).</param>
public sealed record RelayEndpoint(int Relay, Uri ApiAddress, string SourceBase)
{
    public string SourceFor(string ingest) => SourceBase.TrimEnd('/') + "/" + ingest;

    /// <summary>The ingest a source URL reads, or the URL itself when it is not one of this relay's ingests (so it differs from any desired one).</summary>
    public string IngestOf(string? source)
    {
        var prefix = SourceBase.TrimEnd('/') + "/";
        return source is null ? "" : source.StartsWith(prefix, StringComparison.Ordinal) ? source[prefix.Length..] : source;
    }
}
