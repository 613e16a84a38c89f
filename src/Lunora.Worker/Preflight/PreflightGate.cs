using Lunora.Worker.Configuration;

namespace Lunora.Worker.Preflight;

/// <summary>
/// Runs the world checks in the host's Starting phase, before any hosted service starts (and so before anything is
/// mutated). Any problem: one log line each, then <see cref="PreflightFailedException"/> stops the start.
/// <c>LUNORA_PREFLIGHT=off</c> skips it.
/// </summary>
public sealed partial class PreflightGate(
    PreflightRunner runner,
    PreflightChecks checks,
    LunoraSettings settings,
    ILogger<PreflightGate> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!settings.Preflight)
        {
            LogSkipped(logger);
            return;
        }

        var report = await runner.RunAsync(checks.World(), cancellationToken).ConfigureAwait(false);
        foreach (var failure in report.Failures)
        {
            LogProblem(logger, failure.Check, failure.Detail, failure.Fix ?? "");
        }

        var failed = report.Failures.Count();
        if (failed > 0)
        {
            LogRefused(logger, failed);
            throw new PreflightFailedException($"preflight found {failed} problem(s)");
        }

        LogPassed(logger, report.Results.Count);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Preflight: {Check}: {Problem}. Fix: {Fix}")]
    private static partial void LogProblem(ILogger logger, string check, string problem, string fix);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Preflight found {Count} problem(s); the worker will not start")]
    private static partial void LogRefused(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preflight passed ({Count} checks)")]
    private static partial void LogPassed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preflight skipped (LUNORA_PREFLIGHT=off)")]
    private static partial void LogSkipped(ILogger logger);
}
