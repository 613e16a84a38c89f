using System.Net;
using Lunora.Worker.Tests.EndToEnd;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>/healthz, /livez and /readyz over HTTP on the real host: a stalled loop turns it unready, and recovery ready again; readiness per channel.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class HealthEndpointsTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Readyz_LoopStallsThenRecovers_503Then200()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["LUNORA_READY_STALE_SECONDS"] = "1.5",
            ["LUNORA_RESYNC_SECONDS"] = "0.3",
        });
        using var http = new HttpClient { BaseAddress = worker.HealthAddress };
        await WorkerUnderTest.EventuallyAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, Deadline, "ready at first");

        // Every reconcile now waits 4 s on DescribeChannel: none succeeds within the 1.5 s the probe allows.
        await stack.PutFaultsAsync(new { latencyMs = 4000, operations = new[] { "DescribeChannel" } });
        string? reason = null;
        await WorkerUnderTest.EventuallyAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                reason = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            Deadline,
            "unready while the loop stalls");
        Assert.Contains("last successful reconcile", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/healthz"));

        await stack.PutFaultsAsync(new { latencyMs = 0 });
        await WorkerUnderTest.EventuallyAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, Deadline, "ready again after recovery");
    }

    [Fact]
    public async Task LivezAndChannelReadyz_RunningWorker_LiveAndItsChannelReadyButNotAnUnknownOne()
    {
        await using var stack = await LocalStack.StartAsync(dynalite, fauxqs);
        var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["LUNORA_RESYNC_SECONDS"] = "0.3" });
        using var http = new HttpClient { BaseAddress = worker.HealthAddress };

        await WorkerUnderTest.EventuallyAsync(
            async () => await StatusAsync(http, "/readyz/" + LocalStack.DefaultChannel) == HttpStatusCode.OK,
            Deadline,
            "the configured channel ready");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/livez"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, "/readyz/no-such-channel"));
        using var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Contains($"channel {LocalStack.DefaultChannel}: ready", await readyz.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
