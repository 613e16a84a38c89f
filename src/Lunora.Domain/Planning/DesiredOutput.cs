using System.Collections.Immutable;

namespace Lunora.Domain.Planning;

/// <summary>A managed output as it must be after an update; <see cref="Pipelines"/> is indexed by pipeline.</summary>
/// <param name="PresetId">The encoding preset; compared with <see cref="Observed.ObservedOutput.PresetId"/>, so the desired side must carry only presets the adapter can encode.</param>
public sealed record DesiredOutput(string DestinationId, string GroupName, ImmutableArray<DesiredTarget> Pipelines, string? PresetId);
