using Lunora.Domain.Planning;
using Lunora.Worker.Secrets;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

/// <summary>The reader on dynalite: one key failure is one destination's, a working output keeps its key, a pasted key is never looked up.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class DesiredStateReaderTests(DynaliteFixture dynalite)
{
    private const string Channel = "1234567";

    [Fact]
    public async Task ReadAsync_KeyTurnsUnreadable_KeepsLastGoodFingerprintAndSaysSo()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/a"] = "secret-a";
        await bed.PutAsync(Destination("a"));
        var (reader, notices, _) = Reader(bed);
        var before = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        bed.Keys.Keys.TryRemove("keys/a", out _);
        var after = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.NotNull(before.Primary!.KeyFingerprint);
        Assert.Equal(before.Primary.KeyFingerprint, after.Primary!.KeyFingerprint);
        Assert.Null(DestinationValidator.Check(after));
        Assert.Equal("stream key parameter keys/a not found; still sending with the last good key", notices.For("a"));
    }

    [Fact]
    public async Task ReadAsync_KeyOnChannelOnly_AdoptsTheChannelsKey()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var vault = new StreamKeyVault();
        var channel = new FixedChannelKeys(vault, (OutputNaming.GroupName("a"), "rtmp://a.rtmp.youtube.com/live2", "key-on-channel"));
        var (reader, notices, _) = Reader(bed, vault, channel);

        var a = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.Equal(StreamKeyFingerprint.Of("key-on-channel"), a.Primary!.KeyFingerprint);
        Assert.Equal("key-on-channel", vault.KeyFor(a.Primary.KeyFingerprint!));
        Assert.Null(DestinationValidator.Check(a));
        Assert.Contains("still sending with the last good key", notices.For("a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnreadableKeyNotOnChannel_IsThatDestinationsErrorOnly()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/ok"] = "secret-ok";
        await bed.PutAsync(Destination("ok"));
        await bed.PutAsync(Destination("missing"));
        var vault = new StreamKeyVault();
        var (reader, _, _) = Reader(bed, vault, new FixedChannelKeys(vault));

        var desired = await reader.ReadAsync(Channel, CancellationToken.None);

        Assert.Null(DestinationValidator.Check(desired.Destinations.Single(d => d.Id == "ok")));
        Assert.Equal("stream key parameter keys/missing not found", DestinationValidator.Check(desired.Destinations.Single(d => d.Id == "missing")));
    }

    [Fact]
    public async Task ReadAsync_BackupKeyMissing_PrimaryValidBackupUnusableNoticeSet()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/a"] = "secret-a";
        var item = Destination("a");
        item["backup_rtmp_url"] = S("rtmp://b.rtmp.youtube.com/live2?backup=1");
        item["backup_stream_key_param"] = S("keys/a-backup");
        await bed.PutAsync(item);
        var (reader, notices, _) = Reader(bed);

        var a = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.Null(DestinationValidator.Check(a));
        Assert.Null(DestinationValidator.UsableBackup(a));
        Assert.Equal("backup stream key parameter keys/a-backup not found; failover to the backup is unavailable until it can be read", notices.For("a"));
    }

    [Fact]
    public async Task ReadAsync_TransientKeyFailure_PerDestinationNotThrown()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var (ssm, fake) = FakeSsmClient();
        fake.ThrottleNext = 1;
        var provider = new SsmStreamKeyProvider(ssm, new StreamKeyParameterNames(null), bed.Time, NullLogger<SsmStreamKeyProvider>.Instance);
        var vault = new StreamKeyVault();
        var reader = new DesiredStateReader(
            new DestinationScanner(bed.Dynamo, bed.Options),
            new StreamKeyResolver(provider, vault, NullLogger<StreamKeyResolver>.Instance),
            new StatusCache(),
            new DestinationNotices(),
            NullLogger<DesiredStateReader>.Instance);

        var a = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.Equal("stream key parameter keys/a could not be read (ThrottlingException)", a.RecordProblem);
    }

    [Fact]
    public async Task ReadAsync_KeyPastedAsParameter_RefusedWithoutLookupOrEcho()
    {
        const string pasted = "live_417230981_Zq8Rt2Vw6Xy4Pk1Mn7Bc3Df";
        using var bed = await CreateAsync(dynalite);
        var item = Destination("a");
        item["stream_key_param"] = S(pasted);
        await bed.PutAsync(item);
        var provider = new CountingProvider();
        var reader = new DesiredStateReader(
            new DestinationScanner(bed.Dynamo, bed.Options),
            new StreamKeyResolver(provider, new StreamKeyVault(), NullLogger<StreamKeyResolver>.Instance),
            new StatusCache(),
            new DestinationNotices(),
            NullLogger<DesiredStateReader>.Instance);

        var a = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.Equal(0, provider.Calls);
        Assert.DoesNotContain(pasted, a.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, DestinationValidator.Check(a), StringComparison.Ordinal);
        Assert.StartsWith("stream_key_param looks like a stream key", DestinationValidator.Check(a), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SharedAndMissingPresets_EachReadOnceMissingReadsAsNoneUsableKeptForTheGateway()
    {
        using var bed = await CreateAsync(dynalite);
        foreach (var (id, preset) in new[] { ("a", "720p30"), ("b", "720p30"), ("c", "gone") })
        {
            bed.Keys["keys/" + id] = "secret-" + id;
            var item = Destination(id);
            item["preset_id"] = S(preset);
            await bed.PutAsync(item);
        }

        var presets = new Encodings.FakePresetStore();
        presets.Presets["720p30"] = Encodings.Presets.P720;
        var resolved = new ResolvedPresets();
        var reader = new DesiredStateReader(
            new DestinationScanner(bed.Dynamo, bed.Options),
            new StreamKeyResolver(bed.Keys, new StreamKeyVault(), NullLogger<StreamKeyResolver>.Instance),
            new StatusCache(),
            new DestinationNotices(),
            NullLogger<DesiredStateReader>.Instance,
            presets: presets,
            resolvedPresets: resolved);

        var desired = await reader.ReadAsync(Channel, CancellationToken.None);

        Assert.Equal(["720p30", "gone"], presets.Reads.Order(StringComparer.Ordinal));
        Assert.Equal(["720p30", "720p30", null], desired.Destinations.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => d.PresetId));
        Assert.Same(Encodings.Presets.P720, resolved.For("720p30"));
        Assert.Null(resolved.For("gone"));
    }

    [Fact]
    public async Task ReadAsync_KeyAndChannelUnreadable_LastGoodKeyStandsIn()
    {
        using var bed = await CreateAsync(dynalite);
        bed.Keys["keys/a"] = "secret-a";
        await bed.PutAsync(Destination("a"));
        var vault = new StreamKeyVault();
        var (reader, _, _) = Reader(bed, vault, new FailingChannelKeys());
        var before = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        bed.Keys.Keys.TryRemove("keys/a", out _);
        var after = (await reader.ReadAsync(Channel, CancellationToken.None)).Destinations.Single();

        Assert.Equal(before.Primary!.KeyFingerprint, after.Primary!.KeyFingerprint);
        Assert.Null(DestinationValidator.Check(after));
    }

    [Fact]
    public async Task ReadAsync_KeyAndChannelUnreadableNoLastGood_ChannelErrorThrownNotADestinationError()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var (reader, _, _) = Reader(bed, new StreamKeyVault(), new FailingChannelKeys());

        await Assert.ThrowsAsync<TimeoutException>(() => reader.ReadAsync(Channel, CancellationToken.None));
    }

    private static (DesiredStateReader Reader, DestinationNotices Notices, StreamKeyVault Vault) Reader(StateTestBed bed, StreamKeyVault? vault = null, IChannelKeySource? channel = null)
    {
        vault ??= new StreamKeyVault();
        var notices = new DestinationNotices();
        var reader = new DesiredStateReader(
            new DestinationScanner(bed.Dynamo, bed.Options),
            new StreamKeyResolver(bed.Keys, vault, NullLogger<StreamKeyResolver>.Instance),
            new StatusCache(),
            notices,
            NullLogger<DesiredStateReader>.Instance,
            channelKeys: channel);
        return (reader, notices, vault);
    }

    private static (Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement, Secrets.FakeSsm) FakeSsmClient() => Secrets.FakeSsm.Create();

    /// <summary>The channel as a fixed list of (group, URL, key): what ChannelKeySource reads from DescribeChannel.</summary>
    private sealed class FixedChannelKeys(StreamKeyVault vault, params (string Group, string Url, string Key)[] keys) : IChannelKeySource
    {
        public Task<IReadOnlyList<ChannelKey>> KeysOnChannelAsync(string channelId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ChannelKey>>([.. keys.Select(k => new ChannelKey(k.Group, k.Url, vault.Remember(k.Key)))]);
    }

    private sealed class FailingChannelKeys : IChannelKeySource
    {
        public Task<IReadOnlyList<ChannelKey>> KeysOnChannelAsync(string channelId, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<ChannelKey>>(new TimeoutException("DescribeChannel timed out"));
    }

    private sealed class CountingProvider : IStreamKeyProvider
    {
        public int Calls { get; private set; }

        public Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<string?>("never");
        }
    }
}
