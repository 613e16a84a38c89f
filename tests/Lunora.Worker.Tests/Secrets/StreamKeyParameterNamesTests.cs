using Lunora.Worker.Secrets;

namespace Lunora.Worker.Tests.Secrets;

public class StreamKeyParameterNamesTests
{
    [Theory]
    [InlineData("/lunora/keys", "yt-main", "/lunora/keys/yt-main")]
    [InlineData("lunora/keys/", "yt-main", "/lunora/keys/yt-main")]
    [InlineData("/lunora/keys", "/lunora/keys/yt-main", "/lunora/keys/yt-main")]
    [InlineData(null, "/anything/yt", "/anything/yt")]
    public void Resolve_AllowedNames_FullName(string? prefix, string name, string expected) =>
        Assert.Equal(expected, new StreamKeyParameterNames(prefix).Resolve(name));

    [Theory]
    [InlineData("/other/db-password")]
    [InlineData("/lunora/keysextra/x")]
    [InlineData("../db-password")]
    [InlineData(" ")]
    public void Resolve_OutsidePrefix_Refused(string name)
    {
        var e = Assert.Throws<StreamKeyParameterRefusedException>(() => new StreamKeyParameterNames("/lunora/keys").Resolve(name));
        Assert.StartsWith("stream key parameter", e.Message, StringComparison.Ordinal);
    }
}
