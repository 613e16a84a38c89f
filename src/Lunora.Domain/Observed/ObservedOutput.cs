using System.Collections.Immutable;

namespace Lunora.Domain.Observed;

/// <summary>A Lunora-managed RTMP output group as found in the channel; <see cref="Pipelines"/> is indexed by pipeline.</summary>
public sealed record ObservedOutput(string GroupName, ImmutableArray<ObservedTarget> Pipelines);
