using Lunora.Worker.Configuration;
using Lunora.Worker.Preflight;

namespace Lunora.Worker.Cli;

/// <summary>
/// <c>check</c>: the start-up preflight plus the permission probes and every destination record (one row per record
/// with a problem), on demand, as a table with each fix. Exit 0 when nothing failed, 1 otherwise (configuration
/// problems and bad records included; the worker itself starts with bad records and reports them in their status).
/// </summary>
internal static class CheckCommand
{
    private static readonly string[] Header = ["CHECK", "RESULT", "DETAIL", "FIX"];

    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        return RunAsync(configuration, output, CancellationToken.None);
    }

    internal static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var settings = LunoraSettings.From(configuration);
        if (settings.Problems.Count > 0)
        {
            var rows = settings.Problems.Select(ConfigurationRow).ToList();
            rows.Add(PreflightResult.Skip("world", "not checked until the configuration is complete"));
            await WriteAsync(new PreflightReport(rows), output);
            return 1;
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Critical));
        WorkerHost.AddServices(services, configuration, settings);
        await using var provider = services.BuildServiceProvider();
        var checks = provider.GetRequiredService<PreflightChecks>();
        var runner = provider.GetRequiredService<PreflightRunner>();

        await output.WriteLineAsync($"Lunora preflight: channel {settings.ChannelId} in {settings.Region}");
        var results = new List<PreflightResult> { PreflightResult.Pass("configuration", "every required setting present") };
        results.AddRange((await runner.RunAsync([.. checks.World(), .. checks.Permissions()], cancellationToken)).Results);
        results.AddRange(await checks.Records().RunAsync(cancellationToken));
        var report = new PreflightReport(results);
        await WriteAsync(report, output);
        return report.Passed ? 0 : 1;
    }

    internal static async Task WriteAsync(PreflightReport report, TextWriter output)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(report.Results.Select(r => new[]
        {
            r.Check,
            r.Status switch { PreflightStatus.Pass => "pass", PreflightStatus.Fail => "FAIL", _ => "skip" },
            r.Detail,
            r.Fix ?? "-",
        }));
        var widths = Enumerable.Range(0, Header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        var failed = report.Results.Count(r => r.Status == PreflightStatus.Fail);
        var skipped = report.Results.Count(r => r.Status == PreflightStatus.Skip);
        await output.WriteLineAsync($"{report.Results.Count - failed - skipped} passed, {failed} failed, {skipped} skipped");
    }

    // "NAME is not set: what it is (e.g. …)" reads as problem and fix.
    private static PreflightResult ConfigurationRow(string problem)
    {
        var split = problem.IndexOf(": ", StringComparison.Ordinal);
        return split > 0
            ? PreflightResult.Fail("configuration", problem[..split], "set it to " + problem[(split + 2)..])
            : PreflightResult.Fail("configuration", problem, "correct the value");
    }
}
