using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class DynamoDbLeaderLeaseTests(DynaliteFixture dynalite)
{
    private static DynamoDbLeaderLease Lease(StateTestBed bed, string holder, TimeProvider time) =>
        new(bed.Dynamo, bed.Options with { HolderId = holder }, time, NullLogger<DynamoDbLeaderLease>.Instance);

    [Fact]
    public async Task TryAcquireOrRenewAsync_TwoInstances_OnlyOneHolds()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        var b = Lease(bed, "b", bed.Time);

        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));

        for (var i = 0; i < 6; i++)
        {
            bed.Time.Advance(TimeSpan.FromSeconds(5));
            Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
            Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        }

        Assert.True(a.IsHeld && a.RoleKnown);
        Assert.True(!b.IsHeld && b.RoleKnown);
        Assert.Equal("a", b.LastKnownHolder);
        Assert.Equal(1, a.FencingToken);
        Assert.True(await a.EnsureHeldAsync(CancellationToken.None));
        Assert.False(await b.EnsureHeldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TenureToken_RenewedInTime_StaysLiveAndRemainingIsTheLeaseLeft()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        var tenure = a.TenureToken;

        bed.Time.Advance(TimeSpan.FromSeconds(5));
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.False(tenure.IsCancellationRequested);
        Assert.Equal(a.TenureToken, tenure);
        // 20 s lease renewed 15 s ago, minus the 1 s safety margin.
        Assert.Equal(TimeSpan.FromSeconds(4), a.Remaining);
    }

    [Fact]
    public async Task TenureToken_NoRenewUntilTheMargin_CancelledByTheClockAlone()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        var tenure = a.TenureToken;

        bed.Time.Advance(TimeSpan.FromSeconds(19));

        Assert.True(tenure.IsCancellationRequested);
        Assert.True(a.TenureToken.IsCancellationRequested);
        Assert.Equal(TimeSpan.Zero, a.Remaining);
    }

    [Fact]
    public async Task TenureToken_LostToAnotherHolder_CancelledAndNextTenureIsNew()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        var b = Lease(bed, "b", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        var first = a.TenureToken;

        await a.ReleaseAsync(CancellationToken.None);
        Assert.True(first.IsCancellationRequested);
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.False(b.TenureToken.IsCancellationRequested);
    }

    [Fact]
    public async Task LeaseMutationFence_NotHeld_RefusesWithoutCalling()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);

        await Assert.ThrowsAsync<Lunora.Worker.Aws.MutationFencedException>(() => new LeaseMutationFence(a, bed.Time).EnterAsync("StopChannel", CancellationToken.None));
    }

    [Fact]
    public async Task LeaseMutationFence_Held_ScopeEndsAtTheLeaseLeft()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(10));
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        using var scope = await new LeaseMutationFence(a, bed.Time).EnterAsync("StopChannel", CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(18.5));
        Assert.False(scope.Token.IsCancellationRequested);
        bed.Time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.True(scope.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task IsHeld_LeaderStopsRenewing_FalseAfterExpiryAndOtherTakesOverWithinOnePeriod()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        var b = Lease(bed, "b", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        // A is killed (or its renew blocks): nothing more from A, time goes on.
        bed.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(a.IsHeld);
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));

        Assert.Equal(2, b.FencingToken);
        Assert.False(a.IsHeld);
        Assert.False(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("b", a.LastKnownHolder);
    }

    [Fact]
    public async Task EnsureHeldAsync_PausedClockAfterTakeover_False()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var pausedClock = new FakeTimeProvider(bed.Time.GetUtcNow());
        var a = Lease(bed, "a", pausedClock);
        var b = Lease(bed, "b", bed.Time);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        bed.Time.Advance(TimeSpan.FromSeconds(21));
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));

        // A's clock stood still (a paused VM): it still believes, the store says otherwise.
        Assert.True(a.IsHeld);
        Assert.False(await a.EnsureHeldAsync(CancellationToken.None));
        Assert.True(await b.EnsureHeldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_Graceful_ReleasesSoOtherTakesOverAtOnce()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite);
        var a = Lease(bed, "a", bed.Time);
        var b = Lease(bed, "b", bed.Time);
        await a.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => a.IsHeld);

        await a.StopAsync(CancellationToken.None);

        Assert.False(a.IsHeld);
        Assert.True(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal(2, b.FencingToken);
        a.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_LeaderAbandoned_StandbyLoopTakesOverAfterExpiry()
    {
        using var bed = await StateTestBed.CreateAsync(dynalite, o => o with
        {
            LeaseDuration = TimeSpan.FromSeconds(1.5),
            LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
            LeaseSafetyMargin = TimeSpan.FromMilliseconds(200),
        });
        var a = Lease(bed, "a", TimeProvider.System);
        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        var b = Lease(bed, "b", TimeProvider.System);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await b.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => b.IsHeld);
        watch.Stop();
        await b.StopAsync(CancellationToken.None);

        Assert.False(a.IsHeld);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        b.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
