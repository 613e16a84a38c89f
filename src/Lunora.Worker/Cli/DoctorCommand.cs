using Lunora.Worker.CloudWatch;
using Lunora.Worker.Configuration;
using Lunora.Worker.Doctor;
using Lunora.Worker.MediaLive;
using Lunora.Worker.State;

namespace Lunora.Worker.Cli;

/// <summary><c>doctor</c>: examines the channel's configuration and metrics and prints each problem with its fix. Exit 0 when none (notes do not count), 1 otherwise.</summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var (services, settings) = CliServices.Build(args);
        await using var _ = services;
        var problems = new List<string>();
        var options = DoctorOptions.From(services.GetRequiredService<IConfiguration>(), problems);
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemsException(problems);
        }

        var examination = new DoctorExamination(
            services.GetRequiredService<MediaLiveClient>(),
            new DoctorMetricsReader(services.GetRequiredService<CloudWatchClient>(), services.GetRequiredService<TimeProvider>()),
            services.GetService<IDesiredStateStore>());
        var result = await examination.RunAsync(CliServices.Channel(args, settings), options, CancellationToken.None);
        await DoctorReport.WriteAsync(result, options, output);
        return result.HasProblems ? 1 : 0;
    }
}
