using System.Collections.Immutable;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// UpdateChannel was refused (422) for the settings of some of Lunora's own outputs only: those destinations are named,
/// so the loop can set them to <c>error</c> and leave them out, and the others still go on the channel. Messages are
/// already redacted.
/// </summary>
public sealed class OutputsRejectedException : Exception
{
    public OutputsRejectedException(ImmutableDictionary<string, string> reasons, Exception innerException)
        : base($"MediaLive rejected the settings of {reasons.Count} destination(s)", innerException)
    {
        Reasons = reasons;
    }

    public OutputsRejectedException()
        : this(ImmutableDictionary<string, string>.Empty, new InvalidOperationException())
    {
    }

    public OutputsRejectedException(string message)
        : base(message)
    {
        Reasons = ImmutableDictionary<string, string>.Empty;
    }

    public OutputsRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reasons = ImmutableDictionary<string, string>.Empty;
    }

    /// <summary>Destination id to why MediaLive refused its settings.</summary>
    public ImmutableDictionary<string, string> Reasons { get; }
}
