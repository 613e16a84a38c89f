using Lunora.Worker.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Secrets;

public class SsmStreamKeyProviderTests
{
    private readonly FakeTimeProvider _time = new();

    private SsmStreamKeyProvider Provider(Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement ssm) =>
        new(ssm, new StreamKeyParameterNames("/lunora/keys"), _time, NullLogger<SsmStreamKeyProvider>.Instance);

    [Fact]
    public async Task GetAsync_Present_DecryptedAndCachedForAMinute()
    {
        var (client, fake) = FakeSsm.Create();
        fake.Parameters["/lunora/keys/yt"] = "secret-1";
        var provider = Provider(client);

        Assert.Equal("secret-1", await provider.GetAsync("yt", CancellationToken.None));
        fake.Parameters["/lunora/keys/yt"] = "secret-2";
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("secret-1", await provider.GetAsync("yt", CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("secret-2", await provider.GetAsync("yt", CancellationToken.None));

        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.True(r.WithDecryption));
    }

    [Fact]
    public async Task GetAsync_ParameterNotFound_Null()
    {
        var (client, _) = FakeSsm.Create();

        Assert.Null(await Provider(client).GetAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_OutsidePrefixOrDenied_RefusedWithoutCallingOrLeaking()
    {
        var (client, fake) = FakeSsm.Create();
        fake.Denied.Add("/lunora/keys/locked");
        var provider = Provider(client);

        await Assert.ThrowsAsync<StreamKeyParameterRefusedException>(() => provider.GetAsync("/prod/db-password", CancellationToken.None));
        var denied = await Assert.ThrowsAsync<StreamKeyParameterRefusedException>(() => provider.GetAsync("locked", CancellationToken.None));

        Assert.Equal(["/lunora/keys/locked"], fake.Requests.Select(r => r.Name));
        Assert.Contains("locked", denied.Message, StringComparison.Ordinal);
    }
}
