using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Planning;

public sealed class KeyShapeTests
{
    [Theory]
    [InlineData("live_417230981_Zq8Rt2Vw6Xy4Pk1Mn7Bc3Df")]
    [InlineData("k3v9-7hq2-ab4x-9z1m-pq8r")]
    [InlineData("re_1234567_a8b7c6d5e4f3")]
    [InlineData("FB-1234567890123-0-AbCdEfGh12345678")]
    [InlineData("sk-LunoraRedaction-7Q2W9X4Z-primary")]
    [InlineData("/lunora/stream-keys/a7Q2W9X4Zk3M8p1R5t")]
    [InlineData("x7Kp2Qm9Zr4Tn8Wb")]
    public void LooksLikeKey_GeneratedKeys_True(string text) => Assert.True(KeyShape.LooksLikeKey(text));

    [Theory]
    [InlineData("youtube-main")]
    [InlineData("/lunora/stream-keys/red-backup")]
    [InlineData("keys/missing")]
    [InlineData("twitch_main_2024")]
    [InlineData("/lunora/stream-keys/channel-one-backup-rtmps")]
    [InlineData("restream.primary.v2")]
    [InlineData("live-main-test-back")]
    public void LooksLikeKey_ParameterNames_False(string text) => Assert.False(KeyShape.LooksLikeKey(text));

    [Theory]
    [InlineData("/lunora/keys/a", true)]
    [InlineData("keys/a.b_c-d", true)]
    [InlineData("rtmp://a.rtmp.youtube.com/live2", false)]
    [InlineData("my key", false)]
    [InlineData("key?x=1", false)]
    public void IsParameterName_Characters_AsParameterStoreAllows(string text, bool expected) =>
        Assert.Equal(expected, KeyShape.IsParameterName(text));
}
