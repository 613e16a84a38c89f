using Lunora.Worker.Configuration;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// The one place OpenTelemetry and logging are wired (eShop's ServiceDefaults pattern): the Lunora meter and activity
/// source; OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the ECS collector sidecar); a Prometheus scrape endpoint
/// at /metrics on the health port; console exporters when LUNORA_TELEMETRY_CONSOLE=1 (local runs). Logs are JSON in
/// production and readable text locally.
/// </summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddLunoraTelemetry(this WebApplicationBuilder builder, LunoraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);

        // The framework's default providers go (we add the one console writer below); a provider someone added on
        // purpose before this (a test capturing every line, a log shipper) stays.
        foreach (var provider in builder.Services
                     .Where(d => d.ServiceType == typeof(ILoggerProvider)
                                 && d.ImplementationType?.Namespace?.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal) == true)
                     .ToList())
        {
            builder.Services.Remove(provider);
        }

        if (settings.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var otlp = settings.Telemetry.Otlp;
        var console = settings.Telemetry.Console;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("lunora-worker"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LunoraMetrics.MeterName);
                metrics.AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(LunoraActivity.SourceName);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            });

        return builder;
    }
}
