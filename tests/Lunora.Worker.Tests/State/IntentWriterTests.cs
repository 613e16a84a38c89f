using Lunora.Domain.Desired;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class IntentWriterTests(DynaliteFixture dynalite)
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SetDesiredStateAsync_Existing_AppliesBumpsVersionAndStamps()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("d1", desired: "stopped"));

        var outcome = await bed.Store().SetDesiredStateAsync("d1", DesiredState.Streaming, new IntentStamp("c1", Issued), CancellationToken.None);

        Assert.Equal(IntentWriteOutcome.Applied, outcome);
        var item = await bed.GetAsync("d1");
        Assert.Equal("streaming", item["desired_state"].S);
        Assert.Equal("4", item["desired_version"].N);
        Assert.Equal("2026-11-26T10:00:00.000Z", item["updated_at"].S);
        Assert.Equal("c1", item["intent_command_id"].S);
        Assert.Equal(Issued.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["intent_issued_at"].N);
        Assert.Equal("ready", item["streaming_status"].S);
    }

    [Fact]
    public async Task SetDesiredStateAsync_OlderStamp_StaleAndUnchanged()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("d1", desired: "stopped"));
        var store = bed.Store();
        await store.SetDesiredStateAsync("d1", DesiredState.Streaming, new IntentStamp("new", Issued), CancellationToken.None);

        var outcome = await store.SetDesiredStateAsync("d1", DesiredState.Stopped, new IntentStamp("old", Issued.AddSeconds(-1)), CancellationToken.None);

        Assert.Equal(IntentWriteOutcome.Stale, outcome);
        var item = await bed.GetAsync("d1");
        Assert.Equal("streaming", item["desired_state"].S);
        Assert.Equal("new", item["intent_command_id"].S);
        Assert.Equal("4", item["desired_version"].N);
    }

    [Fact]
    public async Task SetDesiredStateAsync_UnknownDestination_ReportedAndNotCreated()
    {
        using var bed = await CreateAsync(dynalite);

        var outcome = await bed.Store().SetDesiredStateAsync("nope", DesiredState.Streaming, new IntentStamp("c1", Issued), CancellationToken.None);

        Assert.Equal(IntentWriteOutcome.UnknownDestination, outcome);
        Assert.Empty(await bed.GetAsync("nope"));
    }

    [Fact]
    public async Task SetBackupAndUrlPreference_Applied_StoredAndReadBack()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        bed.Keys["keys/b1"] = "kb";
        await bed.PutAsync(Destination("d1"));
        var store = bed.Store();

        Assert.Equal(IntentWriteOutcome.Applied, await store.SetBackupAsync("d1", "rtmp://b.example.com/live", "keys/b1", new IntentStamp("c1", Issued), CancellationToken.None));
        Assert.Equal(IntentWriteOutcome.Applied, await store.SetUrlPreferenceAsync("d1", UrlPreference.Backup, new IntentStamp("c2", Issued.AddSeconds(1)), CancellationToken.None));
        Assert.Equal(IntentWriteOutcome.UnknownDestination, await store.SetUrlPreferenceAsync("x", UrlPreference.Primary, new IntentStamp("c3", Issued.AddSeconds(2)), CancellationToken.None));

        var d = Assert.Single((await store.ReadAsync("1234567", CancellationToken.None)).Destinations);
        Assert.Equal("rtmp://b.example.com/live", d.Backup!.Url);
        Assert.Equal("keys/b1", d.Backup.KeyParameter);
        Assert.NotNull(d.Backup.KeyFingerprint);
        Assert.Equal(UrlPreference.Backup, d.UrlPreference);
        Assert.Equal(5, d.DesiredVersion);
    }

    [Fact]
    public async Task StopAllAsync_MixedDestinations_StopsOnlyThisChannelsStreamingOnes()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        await bed.PutAsync(Destination("b"));
        await bed.PutAsync(Destination("c", desired: "stopped"));
        var other = Destination("d");
        other["channel_id"] = S("999");
        await bed.PutAsync(other);

        var changed = await bed.Store().StopAllAsync("1234567", new IntentStamp("stop", Issued), CancellationToken.None);

        Assert.Equal(2, changed);
        Assert.Equal("stopped", (await bed.GetAsync("a"))["desired_state"].S);
        Assert.Equal("stopped", (await bed.GetAsync("b"))["desired_state"].S);
        Assert.Equal("3", (await bed.GetAsync("c"))["desired_version"].N);
        Assert.Equal("streaming", (await bed.GetAsync("d"))["desired_state"].S);
    }

    [Fact]
    public async Task SetReconcilePausedAsync_PauseThenStaleResume_StaysPaused()
    {
        using var bed = await CreateAsync(dynalite);
        var store = bed.Store();
        Assert.False(await store.IsPausedAsync("1234567", CancellationToken.None));

        await store.SetReconcilePausedAsync("1234567", true, new IntentStamp("p", Issued), CancellationToken.None);
        await store.SetReconcilePausedAsync("1234567", false, new IntentStamp("old", Issued.AddMinutes(-1)), CancellationToken.None);

        Assert.True(await store.IsPausedAsync("1234567", CancellationToken.None));
        Assert.False(await store.IsPausedAsync("other", CancellationToken.None));

        await store.SetReconcilePausedAsync("1234567", false, new IntentStamp("r", Issued.AddMinutes(1)), CancellationToken.None);

        Assert.False(await store.IsPausedAsync("1234567", CancellationToken.None));
    }
}
