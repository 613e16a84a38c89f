using Lunora.Worker.Cli;
using Lunora.Worker.Configuration;

namespace Lunora.Worker;

/// <summary>
/// Entry point. With no verb (or <c>run</c>) the reconcile worker; the other verbs are commands for people and for
/// the container's health check. Exit codes: 0 fine, 1 a check failed, 2 bad usage or configuration.
/// </summary>
public static class WorkerProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        if (args.Length > 0 && args[0] is "--help" or "-h")
        {
            verb = "help";
        }

        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        try
        {
            return verb switch
            {
                "run" => await WorkerHost.RunAsync(rest),
                "check" => await CheckCommand.RunAsync(rest, Console.Out),
                "healthcheck" => await HealthCheckCommand.RunAsync(rest, Console.Out),
                "status" => await StatusCommand.RunAsync(rest, Console.Out),
                "plan" => await PlanCommand.RunAsync(rest, Console.Out),
                "local-setup" => await LocalSetupCommand.RunAsync(rest, Console.Out),
                "send-command" => await SendCommandCommand.RunAsync(rest, Console.Out),
                "doctor" => await DoctorCommand.RunAsync(rest, Console.Out),
                "help" or "--help" or "-h" => Usage(Console.Out, 0),
                _ => Usage(Console.Error, 2),
            };
        }
        catch (ConfigurationProblemsException ex)
        {
            await Console.Error.WriteLineAsync("Lunora cannot start: the configuration is incomplete.");
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync("  - " + problem);
            }

            return 2;
        }
    }

    private static int Usage(TextWriter writer, int code)
    {
        writer.WriteLine("""
            usage: Lunora.Worker [run]        reconcile the channel continuously (the service)
                   Lunora.Worker status       the channel and each destination: desired vs observed, health, URL type, reason
                   Lunora.Worker plan         what the worker would do now, without doing it
                   Lunora.Worker check        preflight: configuration, tables, channel, input, queues, a stream key, permissions
                   Lunora.Worker healthcheck  exit 0 when this container's /livez answers (the ECS health check)
                   Lunora.Worker local-setup  create the tables and seed destinations in the local stand-ins
                   Lunora.Worker send-command TYPE [DESTINATION_ID]  put one command on COMMANDS_QUEUE_URL
                   Lunora.Worker doctor       the channel's encoding and input problems, each with its fix (exit 1 if any)
            Configuration comes from the environment; see the README.
            """);
        return code;
    }
}
