using Lunora.Worker.Configuration;
using Lunora.Worker.Preflight;

namespace Lunora.Worker.Cli;

/// <summary>
/// <c>check</c>: the start-up preflight plus the permission probes, every stream key and every destination record (one
/// row per record with a problem), for every managed channel, on demand, as a table with each fix. Exit 0 when nothing
/// failed, 1 otherwise (configuration problems and bad records included; the worker itself starts with bad records and
/// reports them in their status). <c>--before-deploy</c>: what the stack creates may be missing (row "later").
/// </summary>
internal static class CheckCommand
{
    public const string BeforeDeployFlag = "--before-deploy";

    private static readonly string[] Header = ["CHECK", "RESULT", "DETAIL", "FIX"];

    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        var beforeDeploy = args.Contains(BeforeDeployFlag, StringComparer.Ordinal);
        var rest = args.Where(a => !string.Equals(a, BeforeDeployFlag, StringComparison.Ordinal)).ToArray();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(rest).Build();
        return RunAsync(configuration, output, CancellationToken.None, beforeDeploy);
    }

    internal static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken, bool beforeDeploy = false)
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

        await output.WriteLineAsync(
            $"Lunora preflight: channel(s) {string.Join(", ", checks.Channels)} in {settings.Region}{(beforeDeploy ? " (before deploy: what the stack creates may be missing)" : "")}");
        var results = new List<PreflightResult> { PreflightResult.Pass("configuration", "every required setting present") };
        results.AddRange((await runner.RunAsync([.. checks.World(beforeDeploy), .. checks.Permissions(beforeDeploy)], cancellationToken)).Results);
        results.AddRange(await checks.Keys().RunAsync(cancellationToken));
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
            r.Status switch
            {
                PreflightStatus.Pass => "pass",
                PreflightStatus.Fail => "FAIL",
                PreflightStatus.Later => "later",
                PreflightStatus.Note => "note",
                _ => "skip",
            },
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
        var later = report.Results.Count(r => r.Status == PreflightStatus.Later);
        var noted = report.Results.Count(r => r.Status == PreflightStatus.Note);
        var passed = report.Results.Count(r => r.Status == PreflightStatus.Pass);
        await output.WriteLineAsync(
            $"{passed} passed, {failed} failed, {skipped} skipped{(noted > 0 ? $", {noted} not probed" : "")}{(later > 0 ? $", {later} created by the stack" : "")}");
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
