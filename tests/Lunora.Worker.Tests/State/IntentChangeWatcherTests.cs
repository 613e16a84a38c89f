using System.Diagnostics;
using Lunora.Domain.Desired;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class IntentChangeWatcherTests(DynaliteFixture dynalite, ITestOutputHelper output)
{
    private static IntentChangeWatcher Watcher(StateTestBed bed, IntentChangeFeed feed, TimeProvider time) =>
        new(bed.Dynamo, bed.Options, feed, time, NullLogger<IntentChangeWatcher>.Instance);

    [Fact]
    public async Task PollAsync_IntentWrite_SignalsOnlyThatChannel()
    {
        using var bed = await CreateAsync(dynalite, o => o with { ChannelIds = [o.DefaultChannelId!, "999"] });
        await bed.PutAsync(Destination("a"));
        var other = Destination("b");
        other["channel_id"] = S("999");
        await bed.PutAsync(other);
        var watcher = Watcher(bed, new IntentChangeFeed(), bed.Time);
        await watcher.PollAsync(CancellationToken.None);

        bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await watcher.PollAsync(CancellationToken.None));

        await bed.Store().SetDesiredStateAsync("b", DesiredState.Stopped, new IntentStamp("c", bed.Time.GetUtcNow()), CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([new IntentChanged("999", false)], await watcher.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PollAsync_StatusWriteOnly_NoSignal()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var watcher = Watcher(bed, new IntentChangeFeed(), bed.Time);
        await watcher.PollAsync(CancellationToken.None);

        await bed.Store().WriteStatusAsync(new Domain.Planning.SetDestinationStatus("a", Domain.Planning.DestinationStatus.Streaming, null, null, 3), CancellationToken.None);

        Assert.Empty(await watcher.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PollAsync_FullResyncInterval_SignalsEveryChannel()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var watcher = Watcher(bed, new IntentChangeFeed(), bed.Time);
        await watcher.PollAsync(CancellationToken.None);

        bed.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await watcher.PollAsync(CancellationToken.None));
        bed.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([new IntentChanged("1234567", true)], await watcher.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_IntentWrite_SeenWithinTwoSeconds()
    {
        using var bed = await CreateAsync(dynalite);
        for (var i = 0; i < 20; i++)
        {
            await bed.PutAsync(Destination("d" + i));
        }

        var feed = new IntentChangeFeed();
        using var watcher = Watcher(bed, feed, TimeProvider.System);
        var store = bed.Store();
        await watcher.StartAsync(CancellationToken.None);
        await NextAsync(feed);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await store.SetDesiredStateAsync("d" + i, DesiredState.Stopped, new IntentStamp("c" + i, TimeProvider.System.GetUtcNow()), CancellationToken.None);
            var change = await NextAsync(feed);
            latencies.Add(watch.Elapsed);
            Assert.Equal(new IntentChanged("1234567", false), change);
        }

        await watcher.StopAsync(CancellationToken.None);
        output.WriteLine($"intent write -> watcher signal over 20 destinations, poll 1 s: mean {latencies.Average(l => l.TotalMilliseconds):F0} ms, max {latencies.Max().TotalMilliseconds:F0} ms");
        Assert.All(latencies, l => Assert.True(l < TimeSpan.FromSeconds(2), $"took {l}"));
    }

    private static async Task<IntentChanged> NextAsync(IntentChangeFeed feed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await feed.Reader.ReadAsync(timeout.Token);
    }
}
