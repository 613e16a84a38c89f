using Lunora.Emulator.RealVideo;

namespace Lunora.Relay.Paths;

/// <summary>One reader run of a path while its source is ready: forwards stream from it until <see cref="Ended"/>.</summary>
internal sealed class StreamRun(Func<IReadOnlyList<FlvTag>> headers, CancellationToken ended)
{
    public CancellationToken Ended { get; } = ended;

    /// <summary>Metadata and sequence headers seen so far: a (re)connecting forward sends them before any frame.</summary>
    public IReadOnlyList<FlvTag> Headers() => headers();
}
