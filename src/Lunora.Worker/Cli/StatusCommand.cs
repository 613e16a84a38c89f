using Lunora.Domain.Health;
using Lunora.Domain.Planning;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Cli;

/// <summary><c>status</c>: the channel and each destination, desired against observed, with health, URL type and reason.</summary>
internal static class StatusCommand
{
    private static readonly string[] Header = ["DESTINATION", "PLATFORM", "DESIRED", "OBSERVED", "URL", "HEALTH p0/p1", "REASON"];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var (services, settings) = CliServices.Build(args, readOnly: true);
        await using var _ = services;
        var channel = CliServices.Channel(args, settings);
        var view = await services.GetRequiredService<ReconcileRunner>().PlanAsync(channel, CancellationToken.None);
        await Write(view, output);
        return 0;
    }

    internal static async Task Write(PlanView view, TextWriter output)
    {
        var observed = view.Observed;
        await output.WriteLineAsync($"Channel {observed.ChannelId}: {observed.State.ToString().ToUpperInvariant()} ({observed.Class}), {observed.ManagedOutputs.Length} Lunora output group(s){(view.Paused ? ", reconcile PAUSED" : "")}");
        var statuses = view.Plan.OfType<SetDestinationStatus>().ToDictionary(s => s.DestinationId, StringComparer.Ordinal);
        var rows = new List<string[]> { Header };
        foreach (var d in view.Desired.Destinations)
        {
            statuses.TryGetValue(d.Id, out var status);
            var desired = !d.Enabled ? "disabled" : WireNames.Of(d.DesiredState);
            var health = $"{Health(view.Health.For(d.Id, 0))}/{Health(view.Health.For(d.Id, 1))}";
            rows.Add([
                d.Id,
                d.Platform.ToString().ToLowerInvariant(),
                desired,
                status is null ? "-" : WireNames.Of(status.Status),
                status?.UrlType is { } urlType ? WireNames.Of(urlType) : "-",
                health,
                status?.Reason ?? "-",
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Health(PipelineHealth health) => health.Status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Failing => "FAIL",
        _ => "?",
    };
}
