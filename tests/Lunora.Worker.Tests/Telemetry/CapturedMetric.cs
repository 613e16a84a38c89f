using OpenTelemetry.Metrics;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>One metric as exported: its identity (name, unit, type, meter) and the points of every stream of that name.</summary>
public sealed record CapturedMetric(MetricSnapshot Identity, IReadOnlyList<MetricPoint> Points)
{
    public string MeterName => Identity.MeterName;

    public string Unit => Identity.Unit;

    public string Description => Identity.Description;

    public MetricType MetricType => Identity.MetricType;
}
