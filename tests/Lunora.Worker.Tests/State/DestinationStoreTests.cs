using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class DestinationStoreTests(DynaliteFixture dynalite)
{
    private const string Channel = "1234567";

    [Fact]
    public async Task ReadAsync_EveryAttribute_MapsToSpec()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "primary-secret";
        bed.Keys["keys/d1-backup"] = "backup-secret";
        var item = Destination("d1");
        item["platform"] = S("twitch");
        item["backup_rtmp_url"] = S("rtmp://backup.example.com/app");
        item["backup_stream_key_param"] = S("keys/d1-backup");
        item["failover_enabled"] = new() { BOOL = true };
        item["current_url_type"] = S("backup");
        item["url_preference"] = S("backup");
        item["desired_version"] = new() { N = "42" };
        item["streaming_status"] = S("streaming");
        item["status_reason"] = S("failed over");
        item["observed_version"] = new() { N = "41" };
        item["streaming_started_at"] = S("2026-11-25T09:00:00.000Z");
        item["recent_failovers"] = new() { L = [new() { M = new() { ["at"] = S("2026-11-25T09:30:00.000Z") } }] };
        await bed.PutAsync(item);

        var desired = await bed.Store().ReadAsync(Channel, CancellationToken.None);

        var d = Assert.Single(desired.Destinations);
        Assert.Equal("d1", d.Id);
        Assert.Equal("Dest d1", d.Name);
        Assert.Equal(Platform.Twitch, d.Platform);
        Assert.Equal(new EndpointSpec("rtmp://a.rtmp.youtube.com/live2", "keys/d1", StreamKeyFingerprint.Of("primary-secret")), d.Primary);
        Assert.Equal(new EndpointSpec("rtmp://backup.example.com/app", "keys/d1-backup", StreamKeyFingerprint.Of("backup-secret")), d.Backup);
        Assert.True(d.FailoverEnabled);
        Assert.True(d.Enabled);
        Assert.Equal("p720", d.PresetId);
        Assert.Equal(DesiredState.Streaming, d.DesiredState);
        Assert.Equal(42, d.DesiredVersion);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), d.ChangedAt);
        Assert.Equal(UrlPreference.Backup, d.UrlPreference);
        Assert.Null(d.RecordProblem);
        Assert.Equal([new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero)], d.RecentFailovers.ToArray());
        Assert.Null(DestinationValidator.Check(d));
    }

    [Theory]
    [InlineData("youtube", Platform.YouTube)]
    [InlineData("twitch", Platform.Twitch)]
    [InlineData("restream", Platform.Restream)]
    [InlineData("custom", Platform.Custom)]
    [InlineData("hls", Platform.Hls)]
    public async Task ReadAsync_EachPlatform_Maps(string stored, Platform expected)
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        var item = Destination("d1");
        item["platform"] = S(stored);
        await bed.PutAsync(item);

        var d = Assert.Single((await bed.Store().ReadAsync(Channel, CancellationToken.None)).Destinations);

        Assert.Equal(expected, d.Platform);
    }

    [Fact]
    public async Task ReadAsync_LegacyRecords_MigratedOnceFromStreamingStatus()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/on"] = "k1";
        bed.Keys["keys/off"] = "k2";
        foreach (var (id, status) in new[] { ("on", "streaming"), ("off", "ready") })
        {
            var legacy = Destination(id);
            legacy.Remove("desired_state");
            legacy.Remove("desired_version");
            legacy["streaming_status"] = S(status);
            await bed.PutAsync(legacy);
        }

        var store = bed.Store();
        var first = await store.ReadAsync(Channel, CancellationToken.None);
        var second = await store.ReadAsync(Channel, CancellationToken.None);

        Assert.Equal(DesiredState.Streaming, first.Destinations.Single(d => d.Id == "on").DesiredState);
        Assert.Equal(DesiredState.Stopped, first.Destinations.Single(d => d.Id == "off").DesiredState);
        var on = await bed.GetAsync("on");
        Assert.Equal("streaming", on["desired_state"].S);
        Assert.Equal("1", on["desired_version"].N);
        Assert.True(on.ContainsKey("migrated_at"));
        Assert.Equal("stopped", (await bed.GetAsync("off"))["desired_state"].S);
        Assert.Equal(1, second.Destinations.Single(d => d.Id == "on").DesiredVersion);
        Assert.Equal("2026-11-25T08:00:00.000Z", on["updated_at"].S);
    }

    [Fact]
    public async Task ReadAsync_UiWritesIntentDuringMigration_UiWins()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/d1"] = "k";
        var legacy = Destination("d1");
        legacy.Remove("desired_state");
        legacy.Remove("desired_version");
        legacy["streaming_status"] = S("streaming");
        await bed.PutAsync(legacy);
        var racing = RacingDynamo.Wrap(bed.Dynamo, async request =>
        {
            // The UI stops the destination between the worker's read and its migration write.
            if (request.ConditionExpression?.Contains("attribute_not_exists(#ds)", StringComparison.Ordinal) == true)
            {
                await bed.Dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = bed.Options.DestinationsTable,
                    Key = new() { ["destination_id"] = S("d1") },
                    UpdateExpression = "SET desired_state = :s, desired_version = :v",
                    ExpressionAttributeValues = new() { [":s"] = S("stopped"), [":v"] = new() { N = "7" } },
                });
            }
        });
        var store = new DestinationStore(racing, bed.Options, bed.Keys, bed.Sessions(), bed.Time);

        var d = Assert.Single((await store.ReadAsync(Channel, CancellationToken.None)).Destinations);

        Assert.Equal(DesiredState.Stopped, d.DesiredState);
        Assert.Equal(7, d.DesiredVersion);
        var stored = await bed.GetAsync("d1");
        Assert.Equal("stopped", stored["desired_state"].S);
        Assert.False(stored.ContainsKey("migrated_at"));
    }

    [Fact]
    public async Task ReadAsync_MalformedItems_ThoseAreErrorOthersPlannable()
    {
        using var bed = await CreateAsync(dynalite);
        foreach (var id in new[] { "good", "types", "noplatform", "unknown", "spaces", "nourl" })
        {
            bed.Keys["keys/" + id] = "key-" + id;
        }

        await bed.PutAsync(Destination("good"));
        var types = Destination("types");
        types["enabled"] = S("maybe");
        types["desired_version"] = S("abc");
        types["name"] = new() { N = "5" };
        await bed.PutAsync(types);
        var noPlatform = Destination("noplatform");
        noPlatform.Remove("platform");
        await bed.PutAsync(noPlatform);
        var unknown = Destination("unknown");
        unknown["platform"] = S("myspace");
        await bed.PutAsync(unknown);
        var spaces = Destination("spaces");
        spaces["rtmp_url"] = S("rtmp://a.rtmp.youtube.com/live 2");
        await bed.PutAsync(spaces);
        var noUrl = Destination("nourl");
        noUrl.Remove("rtmp_url");
        await bed.PutAsync(noUrl);

        var desired = await bed.Store().ReadAsync(Channel, CancellationToken.None);
        var (valid, errors) = DestinationValidator.Validate(desired.Destinations);

        Assert.Equal(["good"], valid.Select(d => d.Id));
        Assert.Contains("enabled has the wrong type", errors["types"], StringComparison.Ordinal);
        Assert.Contains("desired_version has the wrong type", errors["types"], StringComparison.Ordinal);
        Assert.Contains("name has the wrong type", errors["types"], StringComparison.Ordinal);
        Assert.Equal("platform is missing", errors["noplatform"]);
        Assert.Contains("unknown platform 'myspace'", errors["unknown"], StringComparison.Ordinal);
        Assert.Equal("rtmp_url contains whitespace", errors["spaces"]);
        Assert.Equal("rtmp://a.rtmp.youtube.com/live 2", desired.Destinations.Single(d => d.Id == "spaces").Primary!.Url);
        Assert.Equal("rtmp_url is missing", errors["nourl"]);
    }

    [Fact]
    public async Task ReadAsync_MissingStreamKeyParameter_ProblemNamesParameterNotValue()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/ok"] = "secret-ok";
        await bed.PutAsync(Destination("ok"));
        await bed.PutAsync(Destination("missing"));

        var desired = await bed.Store().ReadAsync(Channel, CancellationToken.None);

        var missing = desired.Destinations.Single(d => d.Id == "missing");
        Assert.Equal("stream key parameter keys/missing not found", missing.RecordProblem);
        Assert.Null(missing.Primary!.KeyFingerprint);
        Assert.Equal("stream key parameter keys/missing not found", DestinationValidator.Check(missing));
        Assert.Null(DestinationValidator.Check(desired.Destinations.Single(d => d.Id == "ok")));
    }

    [Fact]
    public async Task ReadAsync_ChannelIdAttribute_OnlyThatChannelElseDefault()
    {
        using var bed = await CreateAsync(dynalite, o => o with { ChannelIds = [o.DefaultChannelId!, "999"] });
        bed.Keys["keys/a"] = "k";
        bed.Keys["keys/b"] = "k";
        await bed.PutAsync(Destination("a"));
        var other = Destination("b");
        other["channel_id"] = S("999");
        await bed.PutAsync(other);

        var store = bed.Store();

        Assert.Equal(["a"], (await store.ReadAsync(Channel, CancellationToken.None)).Destinations.Select(d => d.Id));
        Assert.Equal(["b"], (await store.ReadAsync("999", CancellationToken.None)).Destinations.Select(d => d.Id));
    }

    [Fact]
    public async Task ReadAsync_UnmanagedChannelId_DefaultChannelReportsItAsRecordProblem()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/a"] = "k";
        await bed.PutAsync(Destination("a"));
        var other = Destination("b");
        other["channel_id"] = S("999");
        await bed.PutAsync(other);

        var read = await bed.Store().ReadAsync(Channel, CancellationToken.None);

        Assert.Null(read.Destinations.Single(d => d.Id == "a").RecordProblem);
        Assert.Contains("999 is not a channel this deployment manages", read.Destinations.Single(d => d.Id == "b").RecordProblem, StringComparison.Ordinal);
        Assert.Empty((await bed.Store().ReadAsync("999", CancellationToken.None)).Destinations);
    }

    [Fact]
    public async Task WriteStatusAsync_EnteringStreaming_SetsStatusStartedAndTransition()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("d1"));
        var store = bed.Store();

        await store.WriteStatusAsync(new SetDestinationStatus("d1", DestinationStatus.Streaming, UrlType.Both, null, 3), CancellationToken.None);

        var item = await bed.GetAsync("d1");
        Assert.Equal("streaming", item["streaming_status"].S);
        Assert.Equal("both", item["current_url_type"].S);
        Assert.Equal("3", item["observed_version"].N);
        Assert.Equal("2026-11-26T10:00:00.000Z", item["streaming_started_at"].S);
        Assert.Equal("2026-11-26T10:00:00.000Z", item["last_transition_at"].S);
        Assert.False(item.ContainsKey("status_reason"));

        bed.Time.Advance(TimeSpan.FromMinutes(1));
        await store.WriteStatusAsync(new SetDestinationStatus("d1", DestinationStatus.Error, null, "ingest refused", 3), CancellationToken.None);

        item = await bed.GetAsync("d1");
        Assert.Equal("error", item["streaming_status"].S);
        Assert.Equal("ingest refused", item["status_reason"].S);
        Assert.False(item.ContainsKey("current_url_type"));
        Assert.Equal("2026-11-26T10:01:00.000Z", item["last_transition_at"].S);
        Assert.Equal("2026-11-26T10:00:00.000Z", item["streaming_started_at"].S);
        Assert.Equal("streaming", item["desired_state"].S);
        Assert.Equal("3", item["desired_version"].N);
    }

    [Fact]
    public async Task WriteStatusAsync_Unchanged_SkipsTheWrite()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("d1"));
        var store = bed.Store();
        var status = new SetDestinationStatus("d1", DestinationStatus.Streaming, UrlType.Primary, null, 3);
        await store.WriteStatusAsync(status, CancellationToken.None);
        // Mark the item behind the store's back: a second write would overwrite the marker.
        await bed.Dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = bed.Options.DestinationsTable,
            Key = new() { ["destination_id"] = S("d1") },
            UpdateExpression = "SET observed_version = :v",
            ExpressionAttributeValues = new() { [":v"] = new() { N = "999" } },
        });

        await store.WriteStatusAsync(status, CancellationToken.None);

        Assert.Equal("999", (await bed.GetAsync("d1"))["observed_version"].N);
    }

    [Fact]
    public async Task WriteStatusAsync_DeletedDestination_DoesNotRecreateIt()
    {
        using var bed = await CreateAsync(dynalite);

        await bed.Store().WriteStatusAsync(new SetDestinationStatus("gone", DestinationStatus.Ready, null, null, 1), CancellationToken.None);

        Assert.Empty(await bed.GetAsync("gone"));
    }

    [Fact]
    public async Task WriteStatusAsync_UiWritesIntentConcurrently_BothSurvive()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("d1"));
        var store = bed.Store();
        var statuses = new[] { DestinationStatus.Starting, DestinationStatus.Streaming, DestinationStatus.Stopping, DestinationStatus.Ready };

        var ui = Task.Run(async () =>
        {
            for (var i = 1; i <= 20; i++)
            {
                await bed.Dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = bed.Options.DestinationsTable,
                    Key = new() { ["destination_id"] = S("d1") },
                    UpdateExpression = "SET desired_state = :s, desired_version = desired_version + :one, #n = :n, updated_at = :u",
                    ExpressionAttributeNames = new() { ["#n"] = "name" },
                    ExpressionAttributeValues = new()
                    {
                        [":s"] = S(i % 2 == 0 ? "streaming" : "stopped"),
                        [":one"] = new() { N = "1" },
                        [":n"] = S("renamed " + i),
                        [":u"] = S($"2026-11-26T10:00:{i:00}.000Z"),
                    },
                });
            }
        });
        var worker = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await store.WriteStatusAsync(new SetDestinationStatus("d1", statuses[i % 4], null, "run " + i, i), CancellationToken.None);
            }
        });
        await Task.WhenAll(ui, worker);

        var item = await bed.GetAsync("d1");
        Assert.Equal("streaming", item["desired_state"].S);
        Assert.Equal("23", item["desired_version"].N);
        Assert.Equal("renamed 20", item["name"].S);
        Assert.Equal("ready", item["streaming_status"].S);
        Assert.Equal("run 19", item["status_reason"].S);
        Assert.Equal("19", item["observed_version"].N);
    }

    [Fact]
    public async Task RecordFailoverAsync_ManySwitches_MemoryBoundedAndSessionAppended()
    {
        using var bed = await CreateAsync(dynalite, o => o with { FailoverMemory = 3 });
        await bed.PutAsync(Destination("d1"));
        var store = bed.Store();
        await bed.Sessions().ChannelStartRequestedAsync(Channel, ["d1"], CancellationToken.None);
        var at = bed.Time.GetUtcNow();

        for (var i = 0; i < 5; i++)
        {
            await store.RecordFailoverAsync(Channel, new RecordFailover("d1", UrlType.Primary, UrlType.Backup, "primary failing", "alert " + i, at.AddMinutes(i)), CancellationToken.None);
        }

        var d = Assert.Single((await bed.Store().ReadAsync(Channel, CancellationToken.None)).Destinations);
        Assert.Equal([at.AddMinutes(2), at.AddMinutes(3), at.AddMinutes(4)], d.RecentFailovers.ToArray());
        var session = await bed.GetAsync((await bed.Sessions().CurrentSessionAsync(Channel, CancellationToken.None))!, bed.Options.SessionsTable, "session_id");
        Assert.Equal(5, session["failovers"].L.Count);
        Assert.Equal("alert 4", session["failovers"].L[4].M["evidence"].S);
    }
}
