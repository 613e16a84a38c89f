using System.Globalization;
using Lunora.Worker.Commands;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

[Collection(DynaliteCollectionDefinition.Name)]
public sealed class DynamoDbCommandLedgerTests(DynaliteFixture dynalite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(15);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TryClaimAsync_NoRecord_ClaimedRecordWithBothExpiries()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);

        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("c1", Now, ClaimFor, None));

        var item = await bed.GetAsync("command#c1", bed.Options.WorkerTable, "pk");
        Assert.Equal(DynamoDbCommandLedger.Claimed, item[DynamoDbCommandLedger.StatusAttribute].S);
        Assert.Equal((Now + ClaimFor).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), item["expires_at"].N);
        var ttl = long.Parse(item[DynamoDbCommandLedger.ExpiresAtEpochAttribute].N, CultureInfo.InvariantCulture);
        Assert.InRange(ttl, (Now + ClaimFor).ToUnixTimeSeconds(), (Now + ClaimFor).ToUnixTimeSeconds() + 1);
        Assert.False(string.IsNullOrEmpty(item[DynamoDbCommandLedger.ClaimTokenAttribute].S));
    }

    [Fact]
    public async Task TryClaimAsync_UnexpiredClaim_InProgressElsewhereUntilItExpires()
    {
        using var bed = await CreateAsync(dynalite);
        var crashed = Ledger(bed);
        var other = Ledger(bed);
        await crashed.TryClaimAsync("c1", Now, ClaimFor, None);

        Assert.Equal(LedgerClaim.InProgressElsewhere, await other.TryClaimAsync("c1", Now + ClaimFor, ClaimFor, None));
        Assert.Equal(LedgerClaim.Claimed, await other.TryClaimAsync("c1", Now + ClaimFor + TimeSpan.FromMilliseconds(1), ClaimFor, None));
    }

    [Fact]
    public async Task MarkProcessedAsync_Claimed_AlreadyProcessedUntilKeepForEnds()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);
        await ledger.TryClaimAsync("c1", Now, ClaimFor, None);

        await ledger.MarkProcessedAsync("c1", Now.AddSeconds(1), KeepFor, None);

        Assert.Equal(LedgerClaim.AlreadyProcessed, await Ledger(bed).TryClaimAsync("c1", Now.AddDays(14), ClaimFor, None));
        Assert.Equal(LedgerClaim.Claimed, await Ledger(bed).TryClaimAsync("c1", Now.AddDays(16), ClaimFor, None));
        var item = await bed.GetAsync("command#c1", bed.Options.WorkerTable, "pk");
        Assert.Equal(DynamoDbCommandLedger.Claimed, item[DynamoDbCommandLedger.StatusAttribute].S);
    }

    [Fact]
    public async Task MarkProcessedAsync_ProcessedRecord_StatusAndTtlAttribute()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);
        await ledger.TryClaimAsync("c1", Now, ClaimFor, None);

        await ledger.MarkProcessedAsync("c1", Now, KeepFor, None);

        var item = await bed.GetAsync("command#c1", bed.Options.WorkerTable, "pk");
        Assert.Equal(DynamoDbCommandLedger.Processed, item[DynamoDbCommandLedger.StatusAttribute].S);
        Assert.Equal((Now + KeepFor).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), item["expires_at"].N);
        Assert.True(long.Parse(item[DynamoDbCommandLedger.ExpiresAtEpochAttribute].N, CultureInfo.InvariantCulture) >= (Now + KeepFor).ToUnixTimeSeconds());
        Assert.False(item.ContainsKey(DynamoDbCommandLedger.ClaimTokenAttribute));
    }

    [Fact]
    public async Task ReleaseAsync_OwnClaim_ClaimableAtOnce()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);
        await ledger.TryClaimAsync("c1", Now, ClaimFor, None);

        await ledger.ReleaseAsync("c1", None);

        Assert.Equal(LedgerClaim.Claimed, await Ledger(bed).TryClaimAsync("c1", Now, ClaimFor, None));
    }

    [Fact]
    public async Task ReleaseAsync_ProcessedMark_Kept()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);
        await ledger.TryClaimAsync("c1", Now, ClaimFor, None);
        var racer = Ledger(bed);
        await racer.MarkProcessedAsync("c1", Now, KeepFor, None);

        await ledger.ReleaseAsync("c1", None);

        Assert.Equal(LedgerClaim.AlreadyProcessed, await Ledger(bed).TryClaimAsync("c1", Now, ClaimFor, None));
    }

    [Fact]
    public async Task ReleaseAsync_ClaimExpiredAndRetaken_OtherClaimKept()
    {
        using var bed = await CreateAsync(dynalite);
        var slow = Ledger(bed);
        var other = Ledger(bed);
        await slow.TryClaimAsync("c1", Now, ClaimFor, None);
        Assert.Equal(LedgerClaim.Claimed, await other.TryClaimAsync("c1", Now + ClaimFor + ClaimFor, ClaimFor, None));

        await slow.ReleaseAsync("c1", None);

        Assert.Equal(LedgerClaim.InProgressElsewhere, await Ledger(bed).TryClaimAsync("c1", Now + ClaimFor + ClaimFor, ClaimFor, None));
    }

    [Fact]
    public async Task ReleaseAsync_NeverClaimedHere_OtherClaimKept()
    {
        using var bed = await CreateAsync(dynalite);
        await Ledger(bed).TryClaimAsync("c1", Now, ClaimFor, None);

        await Ledger(bed).ReleaseAsync("c1", None);

        Assert.Equal(LedgerClaim.InProgressElsewhere, await Ledger(bed).TryClaimAsync("c1", Now, ClaimFor, None));
    }

    [Fact]
    public async Task TryClaimAsync_ConcurrentConsumers_ExactlyOneClaims()
    {
        using var bed = await CreateAsync(dynalite);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Ledger(bed).TryClaimAsync("same", Now, ClaimFor, None)));

        Assert.Single(results, r => r == LedgerClaim.Claimed);
        Assert.All(results.Where(r => r != LedgerClaim.Claimed), r => Assert.Equal(LedgerClaim.InProgressElsewhere, r));
    }

    [Fact]
    public async Task TryClaimAsync_DifferentIds_Independent()
    {
        using var bed = await CreateAsync(dynalite);
        var ledger = Ledger(bed);
        await ledger.TryClaimAsync("c1", Now, ClaimFor, None);
        await ledger.MarkProcessedAsync("c1", Now, KeepFor, None);

        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("c2", Now, ClaimFor, None));
    }

    private static DynamoDbCommandLedger Ledger(StateTestBed bed) => new(bed.Dynamo, bed.Options);
}
