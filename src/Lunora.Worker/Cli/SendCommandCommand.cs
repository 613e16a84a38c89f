using System.Globalization;
using System.Text.Json;
using Lunora.Worker.Commands;

namespace Lunora.Worker.Cli;

/// <summary>
/// <c>send-command TYPE [DESTINATION_ID]</c>: puts one schema-1 command on COMMANDS_QUEUE_URL, as another tool would.
/// Convenience for people; the queue contract is docs/commands.md.
/// </summary>
internal static class SendCommandCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (args.Length < 1 || configuration["COMMANDS_QUEUE_URL"] is not { Length: > 0 } queue)
        {
            await output.WriteLineAsync("usage: send-command TYPE [DESTINATION_ID]   (needs COMMANDS_QUEUE_URL)");
            return 2;
        }

        var body = new Dictionary<string, object>
        {
            ["schema_version"] = 1,
            ["command_id"] = "cli-" + Guid.NewGuid().ToString("N")[..12],
            ["type"] = args[0],
            ["issued_at"] = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        if (args.Length > 1)
        {
            body["destination_id"] = args[1];
        }

        using var sqs = SqsClientFactory.Create(Aws.AwsSdkSettings.From(configuration));
        var json = JsonSerializer.Serialize(body);
        await sqs.SendMessageAsync(queue, json);
        await output.WriteLineAsync($"sent {json}");
        return 0;
    }
}
