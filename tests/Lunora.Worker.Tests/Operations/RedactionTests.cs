using System.Globalization;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// The stream keys of <see cref="OperationsScenario"/> went through commands, status, a failover, errors and the CLI;
/// none of them may appear in anything the worker emitted: logs at every level (messages, values, scopes, exceptions),
/// metrics (names, attribute keys and values), spans (names, attributes, events, status), the /metrics scrape, what
/// it wrote to DynamoDB (status, health map, failover memory, sessions, its own table), the attributes it put on dead-lettered
/// commands, or the output of <c>status</c>, <c>plan</c>, <c>doctor</c> and <c>check</c>. Two more keys were pasted
/// where they do not belong (a parameter name, a YouTube URL): refused, and never echoed either.
/// </summary>
[Collection(OperationsScenarioCollection.Name)]
public sealed class RedactionTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Scenario_Logs_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        // The search must have something to search: every rejection, the failover start and Trace lines were captured.
        Assert.True(run.Capture.Logs.Count(l => l.EventId.Id == 5005) >= OperationsScenario.PoisonCommands);
        Assert.Contains(run.Capture.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Trace || l.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        AssertClean(run.Capture.Logs.Select(l => l.AllText()), "log");
    }

    [Fact]
    public async Task Scenario_Metrics_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        var texts = new List<string>();
        foreach (var (name, metric) in run.Capture.Metrics)
        {
            texts.Add(name + " " + metric.Unit + " " + metric.Description);
            foreach (var point in metric.Points)
            {
                foreach (var tag in point.Tags)
                {
                    texts.Add(tag.Key + "=" + Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
                }
            }
        }

        Assert.Contains(texts, t => t.StartsWith("lunora.destination=" + OperationsScenario.DestinationId, StringComparison.Ordinal));
        AssertClean(texts, "metric");
        AssertClean([run.Prometheus], "/metrics scrape");
    }

    [Fact]
    public async Task Scenario_Spans_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        var texts = run.Capture.Spans.Select(s => string.Join(
            '\n',
            [
                s.OperationName, s.DisplayName, s.StatusDescription ?? "",
                .. s.TagObjects.Select(t => t.Key + "=" + Convert.ToString(t.Value, CultureInfo.InvariantCulture)),
                .. s.Events.SelectMany(e => new[] { e.Name }.Concat(e.Tags.Select(t => t.Key + "=" + Convert.ToString(t.Value, CultureInfo.InvariantCulture)))),
                .. s.Baggage.Select(b => b.Key + "=" + b.Value),
            ])).ToList();

        Assert.Contains(texts, t => t.StartsWith("MediaLive.UpdateChannel", StringComparison.Ordinal));
        AssertClean(texts, "span");
    }

    [Fact]
    public async Task Scenario_StatusAndPlanOutput_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        Assert.Contains(OperationsScenario.DestinationId, run.StatusOutput, StringComparison.Ordinal);
        Assert.Contains("Plan for channel " + LocalStack.DefaultChannel, run.PlanOutput, StringComparison.Ordinal);
        AssertClean([run.StatusOutput, run.PlanOutput], "CLI output");
    }

    [Fact]
    public async Task Scenario_DoctorAndCheckOutput_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        Assert.Contains("destination pasted", run.CheckOutput, StringComparison.Ordinal);
        Assert.Contains("destination in-url", run.CheckOutput, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(run.DoctorOutput));
        AssertClean([run.DoctorOutput, run.CheckOutput], "CLI output");
    }

    [Fact]
    public async Task Scenario_DynamoDbStatusAndSessions_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        Assert.Contains(run.DynamoDbWrites, t => t.Contains("streaming_status", StringComparison.Ordinal));
        Assert.Contains(run.DynamoDbWrites, t => t.Contains("failovers", StringComparison.Ordinal));
        // The health map the UI shows is searched too (with its pipelines' evidence and last error).
        Assert.Contains(run.DynamoDbWrites, t => t.Contains("health={", StringComparison.Ordinal));
        Assert.StartsWith("stream_key_param looks like a stream key", run.PastedReasons["pasted"], StringComparison.Ordinal);
        Assert.StartsWith("rtmp_url ends with what looks like a stream key", run.PastedReasons["in-url"], StringComparison.Ordinal);
        AssertClean(run.DynamoDbWrites, "DynamoDB item");
    }

    [Fact]
    public async Task Scenario_DeadLetterAttributes_NoStreamKey()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);

        Assert.NotEmpty(run.DeadLetterAttributes);
        AssertClean(run.DeadLetterAttributes, "dead-letter attribute");
    }

    private static void AssertClean(IEnumerable<string> texts, string what)
    {
        foreach (var text in texts)
        {
            foreach (var secret in OperationsScenario.Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"a {what} holds the stream key: {text}");
            }
        }
    }
}
