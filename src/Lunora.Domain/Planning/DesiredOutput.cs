using System.Collections.Immutable;

namespace Lunora.Domain.Planning;

/// <summary>A managed output as it must be after an update; <see cref="Pipelines"/> is indexed by pipeline.</summary>
public sealed record DesiredOutput(string DestinationId, string GroupName, ImmutableArray<DesiredTarget> Pipelines, string? PresetId);
