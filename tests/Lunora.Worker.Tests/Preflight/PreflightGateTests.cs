using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Preflight;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Lunora.Worker.Tests.Preflight;

/// <summary>The worker host at start-up: a broken world stops it before any hosted service runs.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class PreflightGateTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Start_UnknownChannelAndMissingQueue_FailsWithOneLogLinePerProblemAndNothingStarted()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        await stack.PutDestinationAsync("yt", "rtmp://127.0.0.1:1935/live2");
        var missing = stack.CommandsQueueUrl[..(stack.CommandsQueueUrl.LastIndexOf('/') + 1)] + "lunora-no-such-queue";
        var logs = new FakeLogCollector();
        await using var app = Build(stack, new() { ["MEDIALIVE_CHANNEL_ID"] = "9999999", ["COMMANDS_QUEUE_URL"] = missing }, logs);

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.True(IsPreflightFailure(thrown), thrown.ToString());
        var errors = logs.GetSnapshot()
            .Where(r => r.Level == LogLevel.Error && r.Category == typeof(PreflightGate).FullName)
            .Select(r => r.Message)
            .ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, m => m.Contains("channel 9999999", StringComparison.Ordinal) && m.Contains("Fix: set MEDIALIVE_CHANNEL_ID", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("queue COMMANDS_QUEUE_URL", StringComparison.Ordinal) && m.Contains("Fix: create the queue", StringComparison.Ordinal));
        var worker = await stack.Dynamo.ScanAsync(new ScanRequest { TableName = stack.Tables.WorkerTable });
        Assert.Empty(worker.Items ?? []);
        Assert.Equal("ready", await stack.StatusAsync("yt"));
    }

    [Fact]
    public async Task Start_PreflightOff_StartsDespiteBrokenWorld()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var logs = new FakeLogCollector();
        await using var app = Build(stack, new() { ["SESSIONS_TABLE"] = "lunora-no-such-table", ["LUNORA_PREFLIGHT"] = "off" }, logs);

        await app.StartAsync();

        Assert.Contains(
            logs.GetSnapshot(),
            r => r.Level == LogLevel.Warning && r.Message.Contains("Preflight skipped", StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task Start_HealthyStack_LogsPassed()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var logs = new FakeLogCollector();
        await using var app = Build(stack, [], logs);

        await app.StartAsync();

        Assert.Contains(
            logs.GetSnapshot(),
            r => r.Message.StartsWith("Preflight passed", StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task RunAsync_MissingTable_ReturnsOneInsteadOfRunning()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var args = stack.Environment(new Dictionary<string, string?> { ["WORKER_TABLE"] = "lunora-no-such-table" })
            .Where(kv => kv.Value is not null)
            .Select(kv => $"--{kv.Key}={kv.Value}")
            .ToArray();

        var code = await WorkerHost.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Equal(0, stack.Calls("StartChannel") + stack.Calls("UpdateChannel"));
    }

    // The host replaces logging providers after the test's hook runs, so the test supplies the whole factory.
    private static WebApplication Build(LocalStack stack, Dictionary<string, string?> overrides, FakeLogCollector logs) =>
        WorkerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(stack.Environment(overrides));
            builder.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([new FakeLoggerProvider(logs)]));
        });

    private static bool IsPreflightFailure(Exception e) =>
        e is PreflightFailedException || (e is AggregateException a && a.InnerExceptions.Any(x => x is PreflightFailedException));
}
