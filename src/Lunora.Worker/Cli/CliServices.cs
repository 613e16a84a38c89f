using Lunora.Worker.Configuration;
using Lunora.Worker.State;

namespace Lunora.Worker.Cli;

/// <summary>The worker's own registrations, without the web host or any hosted service started: for the CLI verbs.</summary>
internal static class CliServices
{
    /// <param name="readOnly">For the verbs that only look (<c>plan</c>, <c>status</c>): nothing is written, not even a legacy record's migration.</param>
    public static (ServiceProvider Services, LunoraSettings Settings) Build(string[] args, bool readOnly = false)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var settings = LunoraSettings.From(configuration);
        if (settings.Problems.Count > 0)
        {
            throw new ConfigurationProblemsException(settings.Problems);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        if (readOnly)
        {
            services.AddReadOnlyDesiredState();
        }

        WorkerHost.AddServices(services, configuration, settings);
        return (services.BuildServiceProvider(), settings);
    }

    /// <summary>The channel named by --channel, else the configured one.</summary>
    public static string Channel(string[] args, LunoraSettings settings)
    {
        var index = Array.IndexOf(args, "--channel");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : settings.ChannelId;
    }
}
