namespace Lunora.Worker.Telemetry;

/// <summary>How an instrument aggregates, which decides its Prometheus suffix and its CloudWatch statistic.</summary>
public enum MetricKind
{
    Counter,
    Histogram,
    Gauge,
}
