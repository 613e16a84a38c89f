namespace Lunora.Worker;

/// <summary>Entry point: the reconcile worker by default; subcommands for people come later (status, plan, check, doctor).</summary>
public static class WorkerProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
