using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// The destination record's <c>health</c> map, written by the real worker host for the unchanged UI: it appears, it
/// changes when a pipeline's health changes, it is not rewritten while nothing changes, and it never carries a key or
/// a URL.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class HealthMapScenarioTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Worker_PipelineHealthChanges_HealthMapFollowsAndIsNotRewrittenMeanwhile()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        const string Primary = "rtmp://127.0.0.1:1935/live";
        const string Backup = "rtmp://127.0.0.1:1935/live-backup";
        var parameter = await stack.AddKeyAsync("yt-health");
        var key = stack.Keys[parameter];
        await stack.PutDestinationAsync("yt", Primary, backupUrl: Backup, extra: new() { ["stream_key_param"] = new(parameter) });
        await stack.StartWorkerAsync(new GatewayLog());

        await WorkerUnderTest.EventuallyAsync(async () => await HealthAsync(stack) is { } h && S(h, "status") == "healthy", Deadline, "health map healthy");
        var healthy = (await HealthAsync(stack))!;
        Assert.Equal("both", S(healthy, "url_type"));
        Assert.Equal(["0", "1"], healthy["pipelines"].M.Keys.Order(StringComparer.Ordinal));
        Assert.All(healthy["pipelines"].M.Values, p => Assert.Equal("healthy", S(p.M, "status")));
        Assert.NotNull(S(healthy, "since"));
        var writtenAt = S(healthy, "updated_at");

        // Several more looks at an unchanged channel (counted by the health reads, not by time) write nothing.
        var reads = stack.Calls("GetMetricData");
        await WorkerUnderTest.EventuallyAsync(() => Task.FromResult(stack.Calls("GetMetricData") >= reads + 5), Deadline, "five more health reads");
        Assert.Equal(writtenAt, S((await HealthAsync(stack))!, "updated_at"));

        await stack.SetReachableAsync(Backup, reachable: false);
        await WorkerUnderTest.EventuallyAsync(async () => await HealthAsync(stack) is { } h && S(h, "status") == "failing", Deadline, "health map failing");
        var failing = (await HealthAsync(stack))!;
        Assert.Equal("failing", S(failing["pipelines"].M["1"].M, "status"));
        Assert.Equal("healthy", S(failing["pipelines"].M["0"].M, "status"));
        Assert.False(string.IsNullOrEmpty(S(failing, "last_error")));
        Assert.NotEqual(writtenAt, S(failing, "updated_at"));

        var text = Text(new AttributeValue { M = failing }) + Text(new AttributeValue { M = healthy });
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("rtmp://", text, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, AttributeValue>?> HealthAsync(LocalStack stack) =>
        (await stack.DestinationAsync("yt")).TryGetValue("health", out var health) ? health.M : null;

    private static string? S(Dictionary<string, AttributeValue> map, string key) => map.TryGetValue(key, out var v) ? v.S : null;

    private static string Text(AttributeValue value) =>
        value.S ?? value.N ?? (value.M is { } map ? "{" + string.Join(", ", map.Select(kv => kv.Key + ": " + Text(kv.Value))) + "}" : "");
}
