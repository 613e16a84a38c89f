using Lunora.Worker.Secrets;

namespace Lunora.Worker.Tests.Secrets;

public sealed class FileStreamKeyProviderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"lunora-keys-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task GetAsync_File_ResolvesByFullNameAndMissingIsNull()
    {
        await File.WriteAllTextAsync(_path, """{"/lunora/keys/yt": "secret-1"}""");
        var provider = new FileStreamKeyProvider(_path, new StreamKeyParameterNames("/lunora/keys"));

        Assert.Equal("secret-1", await provider.GetAsync("yt", CancellationToken.None));
        Assert.Equal("secret-1", await provider.GetAsync("/lunora/keys/yt", CancellationToken.None));
        Assert.Null(await provider.GetAsync("twitch", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_NotJson_RefusedWithoutQuotingTheFile()
    {
        await File.WriteAllTextAsync(_path, "secret-value-not-json");
        var provider = new FileStreamKeyProvider(_path, new StreamKeyParameterNames(null));

        var e = await Assert.ThrowsAsync<StreamKeyParameterRefusedException>(() => provider.GetAsync("yt", CancellationToken.None));

        Assert.DoesNotContain("secret-value", e.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);
}
