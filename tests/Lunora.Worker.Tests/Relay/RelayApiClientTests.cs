using Lunora.Worker.Relay;
using Lunora.Worker.Secrets;
using Lunora.Worker.Tests.RealVideo;
using Lunora.Worker.Tests.RelayStandIn;

namespace Lunora.Worker.Tests.Relay;

/// <summary>The MediaMTX API client against the stand-in: what it sends, what it reads back, and that no key escapes.</summary>
public sealed class RelayApiClientTests : IAsyncLifetime
{
    private const string Path = "lunora-aaaaaaaaaaaaaaaa";
    private const string Url = "rtmp://127.0.0.1:9/live2";
    private readonly string _key = "key-" + Guid.NewGuid().ToString("N");
    private RelayClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RelayClientHarness.StartAsync();

    public async Task DisposeAsync()
    {
        var logs = _harness.AllLogText;
        await _harness.DisposeAsync();
        Assert.DoesNotContain(_key, logs, StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task AddPath_ThenList_ReadsUrlAndFingerprintNeverTheKey()
    {
        var client = _harness.Client();

        await client.AddPathAsync(Path, "ingest-default", new RelayForwardTarget(Url, _key), CancellationToken.None);
        var paths = await client.ListPathConfigsAsync(CancellationToken.None);

        var path = Assert.Single(paths);
        Assert.Equal((Path, "ingest-default"), (path.Name, path.Source));
        var forward = Assert.Single(path.Forwards);
        Assert.Equal(Url, forward.Url);
        Assert.Equal(StreamKeyFingerprint.Of(_key), forward.KeyFingerprint);
        Assert.DoesNotContain(_key, path.ToString(), StringComparison.Ordinal);
        var status = Assert.Single((await client.ListForwardsAsync(Path, CancellationToken.None))!);
        Assert.Equal((Url, "idle"), (status.Url, status.State));
        Assert.DoesNotContain(_key, status.ToString(), StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task AddPath_AlreadyThere_ReplacesItWithTheNewTarget()
    {
        var client = _harness.Client();
        await client.AddPathAsync(Path, "ingest-default", new RelayForwardTarget(Url, "old-" + _key), CancellationToken.None);

        await client.AddPathAsync(Path, "ingest-default", new RelayForwardTarget(Url, _key), CancellationToken.None);

        Assert.Equal(StreamKeyFingerprint.Of(_key), Assert.Single(Assert.Single(await client.ListPathConfigsAsync(CancellationToken.None)).Forwards).KeyFingerprint);
    }

    [RealVideoFact]
    public async Task DeletePath_AlreadyGone_Succeeds()
    {
        var client = _harness.Client();

        await client.DeletePathAsync(Path, CancellationToken.None);

        Assert.Null(await client.ListForwardsAsync(Path, CancellationToken.None));
    }

    [RealVideoFact]
    public async Task AnyCall_WrongPassword_TerminalWithoutThePassword()
    {
        var client = _harness.Client(credentials: new RelayCredentials(StandInRelay.User, "wrong-" + _key));

        var error = await Assert.ThrowsAsync<RelayApiException>(() => client.ListPathConfigsAsync(CancellationToken.None));

        Assert.Equal((401, false), (error.Status, error.Transient));
        Assert.DoesNotContain("wrong-", error.ToString(), StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task AnyCall_RelayUnreachable_TransientAfterRetries()
    {
        var client = _harness.Client(address: new Uri($"http://127.0.0.1:{VideoTools.FreePort()}/"));

        var error = await Assert.ThrowsAsync<RelayApiException>(() => client.AddPathAsync(Path, "ingest-default", new RelayForwardTarget(Url, _key), CancellationToken.None));

        Assert.True(error.Transient);
        Assert.Null(error.Status);
        Assert.DoesNotContain(_key, error.ToString(), StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task Info_Authenticated_ReportsTheVersion()
    {
        Assert.StartsWith("v1.20.1", await _harness.Client().InfoAsync(CancellationToken.None), StringComparison.Ordinal);
    }
}
