using Amazon.DynamoDBv2.Model;
using Lunora.Domain.Planning;
using Lunora.Worker.State;
using Lunora.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static Lunora.Worker.Tests.State.StateTestBed;

namespace Lunora.Worker.Tests.State;

/// <summary>
/// The worker's DynamoDB writes carry its lease token, and a write from an older token is refused by DynamoDB itself
/// (on dynalite): a worker that lost the lease cannot overwrite the new leader's status, failover memory or sessions.
/// </summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class WriteFenceTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task WriteStatusAsync_DeposedLeaderAfterTakeover_DoesNotOverwrite()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var deposed = StatusWriter(bed, token: 1);
        var leader = StatusWriter(bed, token: 2);

        await deposed.WriteStatusAsync(new SetDestinationStatus("a", DestinationStatus.Streaming, UrlType.Primary, null, 3), CancellationToken.None);
        await leader.WriteStatusAsync(new SetDestinationStatus("a", DestinationStatus.Error, null, "channel 1234567 is DELETED", 3), CancellationToken.None);
        await deposed.WriteStatusAsync(new SetDestinationStatus("a", DestinationStatus.Starting, UrlType.Primary, "starting the channel", 3), CancellationToken.None);

        var item = await bed.GetAsync("a");
        Assert.Equal("error", item["streaming_status"].S);
        Assert.Equal("channel 1234567 is DELETED", item["status_reason"].S);
        Assert.Equal("2", item["worker_fencing_token"].N);
    }

    [Fact]
    public async Task RecordFailoverAsync_DeposedLeader_MemoryUnchanged()
    {
        using var bed = await CreateAsync(dynalite);
        await bed.PutAsync(Destination("a"));
        var at = bed.Time.GetUtcNow();
        await Recorder(bed, token: 2).RecordFailoverAsync("1234567", new RecordFailover("a", UrlType.Primary, UrlType.Backup, "primary failing", null, at), CancellationToken.None);

        await Recorder(bed, token: 1).RecordFailoverAsync("1234567", new RecordFailover("a", UrlType.Backup, UrlType.Primary, "failback", null, at.AddSeconds(1)), CancellationToken.None);

        var failovers = (await bed.GetAsync("a"))["recent_failovers"].L;
        Assert.Equal("primary failing", Assert.Single(failovers).M["reason"].S);
    }

    [Fact]
    public async Task Sessions_DeposedLeaderClosesRun_RefusedAndLeadersRunKept()
    {
        using var bed = await CreateAsync(dynalite);
        var leader = Sessions(bed, token: 2);
        var session = await leader.ChannelStartRequestedAsync("1234567", ["a"], CancellationToken.None);
        await leader.ChannelIdleAsync("1234567", CancellationToken.None);
        bed.Time.Advance(TimeSpan.FromSeconds(5));
        var next = await leader.ChannelStartRequestedAsync("1234567", ["a"], CancellationToken.None);

        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => Sessions(bed, token: 1).ChannelIdleAsync("1234567", CancellationToken.None));

        Assert.NotEqual(session, next);
        Assert.Equal(next, await leader.CurrentSessionAsync("1234567", CancellationToken.None));
        Assert.False((await bed.GetAsync(next, bed.Options.SessionsTable, "session_id")).ContainsKey("idle_at"));
    }

    [Theory]
    [InlineData(null, "SET #ft = :ft")]
    [InlineData("SET a = :a", "SET a = :a, #ft = :ft")]
    [InlineData("SET a = :a REMOVE b", "SET a = :a, #ft = :ft REMOVE b")]
    [InlineData("ADD d :d", "ADD d :d SET #ft = :ft")]
    [InlineData("REMOVE #rf[0]", "REMOVE #rf[0] SET #ft = :ft")]
    public void Fenced_UpdateExpression_OneSetClause(string? expression, string expected)
    {
        var request = new WriteFence(new Lease(7)).Fenced(new UpdateItemRequest { UpdateExpression = expression, ConditionExpression = "attribute_exists(#id)" });

        Assert.Equal(expected, request.UpdateExpression);
        Assert.Equal("(attribute_exists(#id)) AND (attribute_not_exists(#ft) OR #ft <= :ft)", request.ConditionExpression);
        Assert.Equal("7", request.ExpressionAttributeValues[":ft"].N);
    }

    [Fact]
    public void Fenced_WithoutLease_RequestUnchanged()
    {
        var request = WriteFence.None.Fenced(new UpdateItemRequest { UpdateExpression = "SET a = :a" });

        Assert.Equal("SET a = :a", request.UpdateExpression);
        Assert.Null(request.ConditionExpression);
    }

    private static DestinationStatusWriter StatusWriter(StateTestBed bed, long token) =>
        new(bed.Dynamo, bed.Options, new StatusCache(), new DestinationNotices(), new WriteFence(new Lease(token)), bed.Time, NullLogger<DestinationStatusWriter>.Instance);

    private static FailoverRecorder Recorder(StateTestBed bed, long token) =>
        new(bed.Dynamo, bed.Options, Sessions(bed, token), new WriteFence(new Lease(token)), NullLogger<FailoverRecorder>.Instance);

    private static SessionRecorder Sessions(StateTestBed bed, long token) =>
        new(bed.Dynamo, bed.Options, bed.Time, NullLogger<SessionRecorder>.Instance, new WriteFence(new Lease(token)));

    private sealed class Lease(long token) : ILeaderLease
    {
        public bool IsHeld => true;

        public long FencingToken => token;

        public bool RoleKnown => true;
    }
}
