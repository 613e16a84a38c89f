using Lunora.Domain.Planning;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class SessionRecorderTests(DynaliteFixture dynalite)
{
    private const string Channel = "1234567";

    [Fact]
    public async Task ChannelRun_FullLifecycle_RecordsTimesDestinationsFailoversAndCost()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var recorder = bed.Sessions();
        var t0 = bed.Time.GetUtcNow();

        var sessionId = await recorder.ChannelStartRequestedAsync(Channel, ["a"], CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(60));
        await recorder.ChannelRunningAsync(Channel, CancellationToken.None);
        await recorder.DestinationStreamingAsync(Channel, "a", UrlType.Primary, CancellationToken.None);
        await recorder.DestinationStreamingAsync(Channel, "b", UrlType.Both, CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromMinutes(30));
        await recorder.FailoverAsync(Channel, new RecordFailover("a", UrlType.Primary, UrlType.Backup, "primary failing", "RTMP alert", bed.Time.GetUtcNow()), CancellationToken.None);
        await recorder.DestinationStoppedAsync(Channel, "b", "stopped by user", CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromMinutes(90));
        await recorder.ChannelStopRequestedAsync(Channel, "no destination wants to stream", CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(30));
        await recorder.ChannelIdleAsync(Channel, CancellationToken.None);

        var run = await bed.GetAsync(sessionId, bed.Options.SessionsTable, "session_id");
        Assert.Equal("channel_run", run["kind"].S);
        Assert.Equal("2026-11-26T10:00:00.000Z", run["start_requested_at"].S);
        Assert.Equal("2026-11-26T10:01:00.000Z", run["running_at"].S);
        Assert.Equal("2026-11-26T12:01:00.000Z", run["stop_requested_at"].S);
        Assert.Equal("2026-11-26T12:01:30.000Z", run["idle_at"].S);
        Assert.Equal(["a", "b"], run["destinations"].SS.Order(StringComparer.Ordinal));
        Assert.Equal("RTMP alert", Assert.Single(run["failovers"].L).M["evidence"].S);
        Assert.Equal("7230", run["channel_seconds"].N);
        Assert.Equal(3.0125m, decimal.Parse(run["estimated_cost_usd"].N, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(await recorder.CurrentSessionAsync(Channel, CancellationToken.None));

        var intervalB = await bed.GetAsync($"dest#b#{Domain(t0.AddSeconds(60))}", bed.Options.SessionsTable, "session_id");
        Assert.Equal("1800", intervalB["streaming_seconds"].N);
        Assert.Equal("stopped by user", intervalB["stop_reason"].S);
        var intervalA = await bed.GetAsync($"dest#a#{Domain(t0.AddSeconds(60))}", bed.Options.SessionsTable, "session_id");
        Assert.Equal("7230", intervalA["streaming_seconds"].N);
        Assert.Equal("channel idle", intervalA["stop_reason"].S);
        Assert.Equal(sessionId, intervalA["run_session_id"].S);
    }

    [Fact]
    public async Task ChannelStartRequestedAsync_AfterWorkerRestart_ContinuesOpenRun()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var first = await bed.Sessions().ChannelStartRequestedAsync(Channel, ["a"], CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromMinutes(5));

        var second = await bed.Sessions().ChannelStartRequestedAsync(Channel, ["c"], CancellationToken.None);

        Assert.Equal(first, second);
        var run = await bed.GetAsync(first, bed.Options.SessionsTable, "session_id");
        Assert.Equal(["a", "c"], run["destinations"].SS.Order(StringComparer.Ordinal));
    }

    private static string Domain(DateTimeOffset at) => Worker.State.DynamoTime.Format(at);
}
