using System.Text;

namespace Lunora.Worker.Telemetry;

/// <summary>
/// /healthz: the process answers. /livez: the loop moves (the container health check; see <see cref="ReadinessProbe"/>).
/// /readyz: this instance knows its role and a reconcile succeeded recently, followed by one line per channel;
/// /readyz/{channel}: that channel alone. /metrics: Prometheus, for a local scrape (the deployment sends OTLP to the
/// collector sidecar instead).
/// </summary>
public static class HealthEndpoints
{
    public static WebApplication MapLunoraHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/livez", (ReadinessProbe probe) =>
        {
            var (live, reason) = probe.CheckLiveness();
            return Results.Text(reason + "\n", statusCode: live ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/readyz", (ReadinessProbe probe) =>
        {
            var (ready, reason) = probe.Check();
            var body = new StringBuilder(ready ? "ready" : reason).Append('\n');
            foreach (var channel in probe.Channels)
            {
                var (channelReady, channelReason) = probe.CheckChannel(channel);
                body.Append("channel ").Append(channel).Append(": ").Append(channelReady ? "ready" : channelReason).Append('\n');
            }

            return Results.Text(body.ToString(), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/readyz/{channel}", (string channel, ReadinessProbe probe) =>
        {
            var (ready, reason) = probe.CheckChannel(channel);
            return Results.Text((ready ? "ready" : reason) + "\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
