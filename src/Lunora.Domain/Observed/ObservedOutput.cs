using System.Collections.Immutable;

namespace Lunora.Domain.Observed;

/// <summary>A Lunora-managed RTMP output group as found in the channel; <see cref="Pipelines"/> is indexed by pipeline.</summary>
/// <param name="PresetId">
/// The preset whose Lunora-owned encode the output uses; null when it uses one of the channel's own descriptions. The
/// adapter must fill it for every Lunora output, or a destination with a preset would look changed on every plan.
/// </param>
public sealed record ObservedOutput(string GroupName, ImmutableArray<ObservedTarget> Pipelines, string? PresetId = null);
