namespace Lunora.Worker.Doctor;

/// <summary>
/// One problem the doctor found: which rule, where (a description, an output group, a pipeline), what and how to fix it.
/// A note (<see cref="IsNote"/>) is something to know rather than to fix: it is printed but does not fail the doctor.
/// </summary>
public sealed record Finding(string Rule, string Subject, string Problem, string Fix, bool IsNote = false);
