using Lunora.Worker.Secrets;

namespace Lunora.Worker.Tests.Secrets;

public class StreamKeyFingerprintTests
{
    [Fact]
    public void Of_SameKey_SameFingerprintWithoutTheKey()
    {
        const string key = "abcd-efgh-ijkl-mnop";

        var fingerprint = StreamKeyFingerprint.Of(key);

        Assert.Equal(fingerprint, StreamKeyFingerprint.Of(key));
        Assert.DoesNotContain(key, fingerprint, StringComparison.Ordinal);
        Assert.NotEqual(fingerprint, StreamKeyFingerprint.Of(key + "x"));
    }
}
