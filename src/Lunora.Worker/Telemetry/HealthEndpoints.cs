namespace Lunora.Worker.Telemetry;

/// <summary>
/// /healthz: the process answers. /readyz: this instance knows its role (leader or standby) and a reconcile succeeded
/// recently; a stalled loop turns it unready, and the ECS health check replaces the task. /metrics: Prometheus.
/// </summary>
public static class HealthEndpoints
{
    public static WebApplication MapLunoraHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (ReadinessProbe probe) =>
        {
            var (ready, reason) = probe.Check();
            return ready ? Results.Text("ready\n") : Results.Text(reason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
