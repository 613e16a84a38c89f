namespace Lunora.Worker.Telemetry;

/// <summary>
/// One instrument as operators meet it: its OpenTelemetry name, unit and kind, and each attribute key with the values it
/// can take (null: an id, any value). The dashboard, the alarms and the runbook are checked against these.
/// </summary>
public sealed record MetricInstrument(string Name, string Unit, MetricKind Kind, IReadOnlyDictionary<string, IReadOnlyList<string>?> Labels);
