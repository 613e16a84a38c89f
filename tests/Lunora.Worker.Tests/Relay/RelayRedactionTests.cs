using Lunora.Worker.Relay;

namespace Lunora.Worker.Tests.Relay;

public class RelayRedactionTests
{
    [Theory]
    [InlineData("rtmp://a.example/live2#abc-123", "rtmp://a.example/live2")]
    [InlineData("srt://a.example:9000?streamid=publish:abc&passphrase=x", "srt://a.example:9000")]
    [InlineData("rtmp://a.example/live2", "rtmp://a.example/live2")]
    public void DestWithoutKey_AnyDest_DropsTheKeyPart(string dest, string expected) =>
        Assert.Equal(expected, RelayRedaction.DestWithoutKey(dest));

    [Fact]
    public void Text_ErrorQuotingADest_HidesKeyAndKnownSecrets()
    {
        var text = RelayRedaction.Text("dial rtmp://a.example/live2#abc-123 failed; streamid=s3cret; also zz-known-zz", ["zz-known-zz"]);

        Assert.DoesNotContain("abc-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("zz-known-zz", text, StringComparison.Ordinal);
        Assert.Contains("rtmp://a.example/live2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardTargetAndCredentials_ToString_HideTheSecret()
    {
        Assert.DoesNotContain("k3y", new RelayForwardTarget("rtmp://a/b", "k3y").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p4ss", new RelayCredentials("u", "p4ss").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("u:p:w", "u", "p:w")]
    [InlineData("""{"user":"u","pass":"p"}""", "u", "p")]
    public void Parse_StoredSecret_ReadsUserAndPassword(string secret, string user, string pass) =>
        Assert.Equal(new RelayCredentials(user, pass), RelayCredentials.Parse(secret));

    [Theory]
    [InlineData("no-colon-s3cret")]
    [InlineData("""{"user":"u"}""")]
    [InlineData("{bad s3cret")]
    public void Parse_Malformed_ErrorWithoutTheValue(string secret)
    {
        var error = Assert.Throws<FormatException>(() => RelayCredentials.Parse(secret));

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
