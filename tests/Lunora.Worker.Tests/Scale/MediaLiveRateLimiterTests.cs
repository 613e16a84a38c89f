using Amazon.Runtime;
using Lunora.Emulator;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Scale;

public sealed class MediaLiveRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_BurstSpent_NextWaitsForOneRefillPeriod()
    {
        var time = new FakeTimeProvider();
        using var limiter = new MediaLiveRateLimiter(new MediaLiveRateLimitOptions { RequestsPerSecond = 2, Burst = 2 }, time);
        await limiter.AcquireAsync(CancellationToken.None);
        await limiter.AcquireAsync(CancellationToken.None);

        var third = limiter.AcquireAsync(CancellationToken.None).AsTask();
        var fourth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(500));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, limiter.Waits);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), limiter.Waited);
    }

    [Fact]
    public async Task AcquireAsync_IdleLongerThanBurst_RefillsOnlyUpToBurst()
    {
        var time = new FakeTimeProvider();
        using var limiter = new MediaLiveRateLimiter(new MediaLiveRateLimitOptions { RequestsPerSecond = 10, Burst = 3 }, time);
        time.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 3; i++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
        }

        var fourth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, limiter.Queued);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndLeavesNoOneQueued()
    {
        var time = new FakeTimeProvider();
        using var limiter = new MediaLiveRateLimiter(new MediaLiveRateLimitOptions { RequestsPerSecond = 1, Burst = 1 }, time);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public void FromEnvironment_ValuesSetOrUnusable_SetOnesUsedOthersDefault()
    {
        var set = MediaLiveRateLimitOptions.FromEnvironment(name => name switch
        {
            "LUNORA_MEDIALIVE_RPS" => "7.5",
            "LUNORA_MEDIALIVE_BURST" => "12",
            _ => null,
        });
        var unusable = MediaLiveRateLimitOptions.FromEnvironment(name => name == "LUNORA_MEDIALIVE_RPS" ? "-1" : "x");

        Assert.Equal(new MediaLiveRateLimitOptions { RequestsPerSecond = 7.5, Burst = 12 }, set);
        Assert.Equal(MediaLiveRateLimitOptions.Default, unusable);
    }

    [Fact]
    public async Task MediaLiveClient_ThreeTimesTheBurstAtOnce_EmulatorLimitNeverHit()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Profile = TransitionProfile.Fast });
        using var limiter = new MediaLiveRateLimiter(MediaLiveRateLimitOptions.Default, TimeProvider.System);
        using var http = new HttpClient();
        var client = new MediaLiveClient(
            http,
            new AwsClientSettings(AwsService.MediaLive, emulator.BaseAddress, "us-west-2", new BasicAWSCredentials("dummy", "dummy")),
            TimeProvider.System,
            new AwsRetryOptions(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
            rateLimiter: limiter);
        var calls = MediaLiveRateLimitOptions.Default.Burst * 2;

        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => client.DescribeChannelAsync("3714710", CancellationToken.None)));

        // Every attempt is counted by the emulator, throttled ones included: exactly one per call means no 429 and no retry.
        Assert.Equal(calls, emulator.RequestCounts["DescribeChannel"]);
        Assert.True(limiter.Waits > 0, "the calls beyond the burst waited");
    }
}
