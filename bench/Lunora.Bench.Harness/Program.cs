using System.Globalization;
using System.Runtime.InteropServices;
using Lunora.Bench.Harness;
using Lunora.Emulator;

// scripts/bench.sh [scenario...] [--factor F] [--concurrency N] [--out file]
// Child mode (started by the harness itself): serve-emulator --seed FILE --factor F
if (args.Length > 0 && args[0] == "serve-emulator")
{
    string? seed = null;
    var factor = 10.0;
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--seed":
                seed = args[++i];
                break;
            case "--factor":
                factor = double.Parse(args[++i], CultureInfo.InvariantCulture);
                break;
        }
    }

    var realistic = TransitionProfile.Realistic;
    await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
    {
        SeedPath = seed,
        Profile = new TransitionProfile($"realistic/{factor}", realistic.Start / factor, realistic.Stop / factor, realistic.Update / factor),
        RateLimitEnabled = true,
        RateLimitPerSecond = 20 * factor,
        RateLimitBurst = 40,
    });
    Console.WriteLine($"LISTENING {server.BaseAddress}");
    await server.WaitForShutdownAsync();
    return 0;
}

var options = new BenchOptions { RepoRoot = RepoRoot() };
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--factor":
            options = options with { Factor = double.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--concurrency":
            options = options with { Concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--trace":
            options = options with { TraceFile = args[++i] };
            break;
        case "--out":
            options = options with { Output = args[++i] };
            break;
        default:
            names.Add(args[i]);
            break;
    }
}

var selected = names.Count == 0 || names.Contains("all")
    ? ScenarioSpec.All
    : [.. names.Select(n => ScenarioSpec.All.FirstOrDefault(s => s.Name == n) ?? throw new ArgumentException($"unknown scenario '{n}' ({string.Join(", ", ScenarioSpec.All.Select(s => s.Name))})"))];

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
var results = new List<ScenarioResult>();
foreach (var spec in selected)
{
    Console.WriteLine($"== {spec.Name} ==");
    var result = await new ScenarioRunner(options, spec).RunAsync(CancellationToken.None);
    results.Add(result);
    Console.WriteLine(ScenarioResult.Header);
    Console.WriteLine(result.Row());
    Console.WriteLine(result.Details());
}

var report = ScenarioResult.Header + "\n" + string.Join("\n", results.Select(r => r.Row())) + "\n\n" + string.Join("", results.Select(r => r.Details()));
Console.WriteLine(report);
if (options.Output is { } output)
{
    await File.AppendAllTextAsync(output, report + "\n");
}

return 0;

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lunora.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Lunora.sln not found above " + AppContext.BaseDirectory);
}
