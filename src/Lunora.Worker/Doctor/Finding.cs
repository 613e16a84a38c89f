namespace Lunora.Worker.Doctor;

/// <summary>One problem the doctor found: which rule, where (a description, an output group, a pipeline), what and how to fix it.</summary>
public sealed record Finding(string Rule, string Subject, string Problem, string Fix);
