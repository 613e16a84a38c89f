using Lunora.Domain.Delivery;
using Lunora.Domain.Health;

namespace Lunora.Domain.Tests.Delivery;

public class RelayForwardHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(10);

    [Fact]
    public void Judge_ForwardInError_FailingWithTheRelaysReasonSinceTheFirstErrorLook()
    {
        var progress = Track(
            new ForwardSample(ForwardState.Forwarding, "", 100, T0),
            new ForwardSample(ForwardState.Error, "connection refused", 100, T0.AddSeconds(5)),
            new ForwardSample(ForwardState.Error, "connection refused", 100, T0.AddSeconds(10)));

        var health = RelayForwardHealth.Judge(progress, StallAfter, T0.AddSeconds(10));

        Assert.Equal(HealthStatus.Failing, health.Status);
        Assert.Equal(T0.AddSeconds(5), health.Since);
        Assert.Contains("connection refused", health.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ForwardingAndBytesGrowing_Healthy()
    {
        var progress = Track(
            new ForwardSample(ForwardState.Forwarding, "", 100, T0),
            new ForwardSample(ForwardState.Forwarding, "", 200, T0.AddSeconds(30)));

        Assert.Equal(HealthStatus.Healthy, RelayForwardHealth.Judge(progress, StallAfter, T0.AddSeconds(30)).Status);
    }

    [Fact]
    public void Judge_ForwardingButBytesStuckForStallAfter_FailingSinceTheyStopped()
    {
        var progress = Track(
            new ForwardSample(ForwardState.Forwarding, "", 100, T0),
            new ForwardSample(ForwardState.Forwarding, "", 200, T0.AddSeconds(5)),
            new ForwardSample(ForwardState.Forwarding, "", 200, T0.AddSeconds(14)));

        Assert.Equal(HealthStatus.Healthy, RelayForwardHealth.Judge(progress, StallAfter, T0.AddSeconds(14)).Status);
        var later = RelayForwardHealth.Track(progress, new ForwardSample(ForwardState.Forwarding, "", 200, T0.AddSeconds(15)));
        var health = RelayForwardHealth.Judge(later, StallAfter, T0.AddSeconds(15));
        Assert.Equal((HealthStatus.Failing, T0.AddSeconds(5)), (health.Status, health.Since));
        Assert.Contains("no bytes for 10s", health.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_RetargetedForwardStartsOverAtZero_CountsAsMovement()
    {
        var progress = Track(
            new ForwardSample(ForwardState.Forwarding, "", 5000, T0),
            new ForwardSample(ForwardState.Forwarding, "", 0, T0.AddSeconds(20)));

        Assert.Equal(HealthStatus.Healthy, RelayForwardHealth.Judge(progress, StallAfter, T0.AddSeconds(20)).Status);
    }

    [Fact]
    public void Judge_IdleOrNeverSeen_UnknownNotFailing()
    {
        var idle = Track(new ForwardSample(ForwardState.Idle, "", 0, T0));

        Assert.Equal(HealthStatus.Unknown, RelayForwardHealth.Judge(idle, StallAfter, T0.AddMinutes(5)).Status);
        Assert.Equal(HealthStatus.Unknown, RelayForwardHealth.Judge(null, StallAfter, T0).Status);
    }

    private static ForwardProgress Track(params ForwardSample[] samples) =>
        samples.Aggregate((ForwardProgress?)null, RelayForwardHealth.Track)!;
}
