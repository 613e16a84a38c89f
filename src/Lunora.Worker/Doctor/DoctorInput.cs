using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Desired;

namespace Lunora.Worker.Doctor;

/// <summary>Everything the rules look at: the channel as DescribeChannel returns it, its metrics and Lunora's destinations.</summary>
/// <param name="Desired">Lunora's destinations of the channel; null when they could not be read.</param>
public sealed record DoctorInput(JsonObject Channel, ImmutableArray<PipelineHistory> Metrics, DesiredChannel? Desired, DoctorOptions Options);
