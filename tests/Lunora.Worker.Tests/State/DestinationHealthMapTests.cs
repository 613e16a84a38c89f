using Lunora.Domain.Health;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.State;

public sealed class DestinationHealthMapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_OnePipelineFailing_FailingSinceItWithItsEvidenceAsLastError()
    {
        var health = HealthSnapshot.Empty
            .With("yt", 0, new PipelineHealth(HealthStatus.Healthy, T0, null))
            .With("yt", 1, new PipelineHealth(HealthStatus.Failing, T0.AddSeconds(30), "ActiveOutputs 0 on pipeline 1"))
            .With("other", 0, new PipelineHealth(HealthStatus.Failing, T0, "not mine"));

        var map = DestinationHealthMap.From(health, "yt", "primary", "streaming", null, previousLastError: null);

        Assert.Equal("failing", map.Status);
        Assert.Equal("2026-12-07T01:00:30.000Z", map.Since);
        Assert.Equal([0, 1], map.Pipelines.Select(p => p.Pipeline));
        Assert.Equal("ActiveOutputs 0 on pipeline 1", map.LastError);
    }

    [Fact]
    public void From_Recovered_KeepsLastErrorAndFingerprintIgnoresUpdatedAt()
    {
        var health = HealthSnapshot.Empty.With("yt", 0, new PipelineHealth(HealthStatus.Healthy, T0, null));

        var map = DestinationHealthMap.From(health, "yt", "primary", "streaming", null, previousLastError: "alert 'Failed RTMP Connection' a1 on pipeline 0");
        var again = DestinationHealthMap.From(health, "yt", "primary", "streaming", null, previousLastError: map.LastError);

        Assert.Equal("healthy", map.Status);
        Assert.Equal("alert 'Failed RTMP Connection' a1 on pipeline 0", map.LastError);
        Assert.Equal(map.Fingerprint, again.Fingerprint);
        Assert.Equal(map.Fingerprint, DestinationHealthMap.FromAttribute(map.ToAttribute(T0.AddHours(1)))?.Fingerprint);
    }

    [Fact]
    public void From_EvidenceWithUrl_Withheld()
    {
        var health = HealthSnapshot.Empty.With("yt", 0, new PipelineHealth(HealthStatus.Failing, T0, "cannot reach rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl"));

        var map = DestinationHealthMap.From(health, "yt", null, "streaming", null, null);

        Assert.Equal(DestinationHealthMap.UrlWithheld, map.Pipelines[0].Evidence);
        Assert.DoesNotContain("abcd", map.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void From_SignalsUnavailable_UnavailableSinceThen()
    {
        var map = DestinationHealthMap.From(HealthSnapshot.Unavailable(T0), "yt", null, "starting", null, null);

        Assert.Equal("unavailable", map.Status);
        Assert.Equal("2026-12-07T01:00:00.000Z", map.Since);
        Assert.Empty(map.Pipelines);
    }

    [Fact]
    public void From_StatusError_LastErrorIsTheReason()
    {
        var map = DestinationHealthMap.From(null, "yt", null, "error", "stream key parameter /k not found", "older");

        Assert.Equal("unknown", map.Status);
        Assert.Equal("stream key parameter /k not found", map.LastError);
    }
}
