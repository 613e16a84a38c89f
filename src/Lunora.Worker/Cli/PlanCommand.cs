using Lunora.Domain.Planning;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Cli;

/// <summary><c>plan</c>: reads intent, the channel and its health as the loop does, and prints the plan without executing it.</summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var (services, settings) = CliServices.Build(args, readOnly: true);
        await using var _ = services;
        var channel = CliServices.Channel(args, settings);
        var runner = services.GetRequiredService<ReconcileRunner>();
        var (plan, _, observed, _, paused) = await runner.PlanAsync(channel, CancellationToken.None);

        await output.WriteLineAsync($"Plan for channel {channel} ({observed.Class}, {observed.State}){(paused ? " - reconcile is PAUSED: mutations would be skipped" : "")}:");
        var step = 0;
        foreach (var action in plan.Actions)
        {
            await output.WriteLineAsync($"  {++step,2}. {Describe(action)}");
        }

        await output.WriteLineAsync(plan.RequeueAfter is { } after ? $"Look again in {after.TotalSeconds:0.#}s." : "Nothing due; the periodic resync looks again.");
        return 0;
    }

    internal static string Describe(PlanAction action) => action switch
    {
        UpdateOutputs u => $"update outputs: {u.Outputs.Length} managed RTMP group(s) [{string.Join(", ", u.Outputs.Select(o => $"{o.DestinationId}->{string.Join("|", o.Pipelines.Select(p => WireNames.Of(p.Endpoint)))}"))}]",
        StartChannel s => $"start channel ({s.Reason})",
        StopChannel s => $"stop channel{(s.Restart ? " to restart" : "")} ({s.Reason})",
        SetDestinationStatus s => $"status {s.DestinationId}: {WireNames.Of(s.Status)}{(s.UrlType is { } u ? " via " + WireNames.Of(u) : "")}{(s.Reason is { } r ? " (" + r + ")" : "")}",
        RecordFailover f => $"record switch of {f.DestinationId}: {WireNames.Of(f.From)} -> {WireNames.Of(f.To)} ({f.Reason})",
        _ => action.ToString(),
    };
}
