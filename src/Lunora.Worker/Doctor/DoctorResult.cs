using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Doctor;

/// <param name="DestinationsProblem">Why Lunora's destinations could not be read (the redundancy rule then sees none); null when they were.</param>
public sealed record DoctorResult(JsonObject Channel, ImmutableArray<Finding> Findings, string? DestinationsProblem);
