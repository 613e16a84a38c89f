namespace Lunora.Worker.Telemetry;

/// <summary>Which telemetry exporters run besides the Prometheus scrape.</summary>
/// <param name="Otlp">OTLP export, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the ECS collector sidecar); the exporter reads the OTEL_* variables itself.</param>
/// <param name="Console">Console exporters, when <c>LUNORA_TELEMETRY_CONSOLE=1</c> (local runs).</param>
public sealed record TelemetrySettings(bool Otlp = false, bool Console = false)
{
    public static TelemetrySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new TelemetrySettings(
            Otlp: !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
            Console: configuration["LUNORA_TELEMETRY_CONSOLE"] == "1");
    }
}
