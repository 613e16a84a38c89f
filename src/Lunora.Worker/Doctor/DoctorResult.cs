using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Doctor;

/// <param name="DestinationsProblem">Why Lunora's destinations could not be read (the destination rules then see none); null when they were.</param>
public sealed record DoctorResult(JsonObject Channel, ImmutableArray<Finding> Findings, string? DestinationsProblem)
{
    /// <summary>What else could not be read (alerts, an input, ActiveOutputs, the source sample), each with the error type.</summary>
    public ImmutableArray<string> Unread { get; init; } = [];

    /// <summary>The source as its sample measured it; null without a sample.</summary>
    public SourceMeasurement? Source { get; init; }

    /// <summary>Findings to fix (notes excluded): the doctor exits 1 when there is any.</summary>
    public bool HasProblems => Findings.Any(f => !f.IsNote);
}
