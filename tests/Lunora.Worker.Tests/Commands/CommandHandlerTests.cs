using Lunora.Domain.Desired;
using Lunora.Worker.Commands;
using Lunora.Domain.Observed;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Commands;

public class CommandHandlerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 18, 0, 0, TimeSpan.Zero);

    private readonly InMemoryIntentWriter _writer = new();
    private readonly InMemoryCommandLedger _ledger = new();
    private readonly RecordingReconcileTrigger _trigger = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly CommandHandler _handler;

    public CommandHandlerTests()
    {
        _writer.Add("ch", "yt");
        _handler = new CommandHandler(_writer, _ledger, _trigger, new CommandQueueOptions { QueueUrl = "q" }, _time);
    }

    [Fact]
    public async Task HandleAsync_Start_WritesIntentAndTriggers()
    {
        var result = await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        Assert.Equal(DesiredState.Streaming, _writer.Get("yt").State);
        Assert.Equal(("ch", "command start-destination"), Assert.Single(_trigger.Triggers));
        Assert.True(_ledger.IsProcessed("c1"));
    }

    [Fact]
    public async Task HandleAsync_SameCommandTwice_AppliedOnce()
    {
        await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);
        var second = await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);

        Assert.Equal(CommandOutcome.Duplicate, second.Outcome);
        Assert.Single(_writer.Writes);
        Assert.Equal(1, _writer.Get("yt").Version);
    }

    [Fact]
    public async Task HandleAsync_OlderThanRecord_StaleAndNoTrigger()
    {
        await _handler.HandleAsync(Start("c2", T0.AddMinutes(1)), CancellationToken.None);
        var result = await _handler.HandleAsync(new Command(1, "c1", CommandType.StopDestination, T0, "ch", "yt"), CancellationToken.None);

        Assert.Equal(CommandOutcome.Stale, result.Outcome);
        Assert.Equal(DesiredState.Streaming, _writer.Get("yt").State);
        Assert.Single(_trigger.Triggers);
        Assert.True(_ledger.IsProcessed("c1"));
    }

    [Fact]
    public async Task HandleAsync_UnknownDestination_RejectedAndClaimReleased()
    {
        var result = await _handler.HandleAsync(new Command(1, "c1", CommandType.Failover, T0, "ch", "nope"), CancellationToken.None);

        Assert.Equal(CommandOutcome.Rejected, result.Outcome);
        Assert.Equal(CommandRejection.UnknownDestination, result.Rejection);
        Assert.False(_ledger.IsProcessed("c1"));
        Assert.Equal(LedgerClaim.Claimed, await _ledger.TryClaimAsync("c1", T0, TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WriteFails_ThrowsAndRetrySucceeds()
    {
        _writer.FailNext(1);

        await Assert.ThrowsAsync<TimeoutException>(() => _handler.HandleAsync(Start("c1", T0), CancellationToken.None));
        var retry = await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);

        Assert.Equal(CommandOutcome.Applied, retry.Outcome);
        Assert.Single(_writer.Writes);
    }

    [Fact]
    public async Task HandleAsync_ClaimHeldElsewhere_LeftUntilClaimExpires()
    {
        await _ledger.TryClaimAsync("c1", T0, TimeSpan.FromSeconds(60), CancellationToken.None);

        var during = await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(61));
        var after = await _handler.HandleAsync(Start("c1", T0), CancellationToken.None);

        Assert.Equal(CommandOutcome.InProgressElsewhere, during.Outcome);
        Assert.Equal(CommandOutcome.Applied, after.Outcome);
    }

    [Theory]
    [InlineData(CommandType.StopAll, "stop-all:ch")]
    [InlineData(CommandType.PauseReconcile, "paused:ch:True")]
    [InlineData(CommandType.ResumeReconcile, "paused:ch:False")]
    [InlineData(CommandType.Failover, "preference:yt:Backup")]
    [InlineData(CommandType.Failback, "preference:yt:Primary")]
    [InlineData(CommandType.SetBackup, "backup:yt")]
    public async Task HandleAsync_EachType_MakesItsWrite(CommandType type, string expectedWrite)
    {
        var command = new Command(1, "c1", type, T0, "ch", type.TargetsDestination() ? "yt" : null,
            type == CommandType.SetBackup ? "rtmp://b.example/live" : null, type == CommandType.SetBackup ? "/k/yt" : null);

        var result = await _handler.HandleAsync(command, CancellationToken.None);

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        Assert.Equal(expectedWrite, Assert.Single(_writer.Writes));
    }

    [Fact]
    public async Task HandleAsync_ReconcileNow_TriggersWithoutWrite()
    {
        var result = await _handler.HandleAsync(new Command(1, "c1", CommandType.ReconcileNow, T0, "ch"), CancellationToken.None);

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        Assert.Empty(_writer.Writes);
        Assert.Single(_trigger.Triggers);
    }

    [Fact]
    public async Task HandleAsync_WriteAndReleaseBothFail_ReleaseFailureLogged()
    {
        var logger = new FakeLogger<CommandHandler>();
        var handler = new CommandHandler(_writer, _ledger, _trigger, new CommandQueueOptions { QueueUrl = "q" }, _time, logger);
        _writer.FailNext(1);
        _ledger.FailRelease = true;

        await Assert.ThrowsAnyAsync<Exception>(() => handler.HandleAsync(Start("c1", T0), CancellationToken.None));

        var line = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Contains("c1", line.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(line.Exception);
    }

    [Fact]
    public async Task HandleAsync_IssuedBeyondMaxAhead_RejectedUnclaimedUnwritten()
    {
        var result = await _handler.HandleAsync(Start("c1", T0.AddMinutes(6)), CancellationToken.None);

        Assert.Equal(CommandOutcome.Rejected, result.Outcome);
        Assert.Equal(CommandRejection.IssuedInFuture, result.Rejection);
        Assert.Empty(_writer.Writes);
        Assert.False(_ledger.IsProcessed("c1"));
    }

    [Fact]
    public async Task HandleAsync_IssuedWithinMaxAhead_Applied()
    {
        var result = await _handler.HandleAsync(Start("c1", T0.AddMinutes(4)), CancellationToken.None);

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
    }

    [Theory]
    [InlineData(CommandType.Failover, ChannelClass.Standard, CommandOutcome.Rejected)]
    [InlineData(CommandType.Failback, ChannelClass.Standard, CommandOutcome.Rejected)]
    [InlineData(CommandType.AutoFailover, ChannelClass.Standard, CommandOutcome.Applied)]
    [InlineData(CommandType.Failover, ChannelClass.SinglePipeline, CommandOutcome.Applied)]
    public async Task HandleAsync_UrlCommandByChannelClass_RejectedOnlyForFailoverOnStandard(CommandType type, ChannelClass channelClass, CommandOutcome expected)
    {
        var handler = new CommandHandler(_writer, _ledger, _trigger, new CommandQueueOptions { QueueUrl = "q" }, _time, channels: new FixedClass(channelClass));

        var result = await handler.HandleAsync(new Command(1, "c1", type, T0, "ch", "yt"), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(expected == CommandOutcome.Rejected ? CommandRejection.NotApplicable : null, result.Rejection);
    }

    [Fact]
    public async Task HandleAsync_FailbackThenAutoFailover_PreferenceAutoAgain()
    {
        await _handler.HandleAsync(new Command(1, "c1", CommandType.Failback, T0, "ch", "yt"), CancellationToken.None);
        Assert.Equal(UrlPreference.Primary, _writer.Get("yt").Preference);

        await _handler.HandleAsync(new Command(1, "c2", CommandType.AutoFailover, T0.AddSeconds(1), "ch", "yt"), CancellationToken.None);

        Assert.Equal(UrlPreference.Auto, _writer.Get("yt").Preference);
    }

    private sealed class FixedClass(ChannelClass channelClass) : IChannelClassLookup
    {
        public Task<ChannelClass?> ClassOfAsync(string channelId, CancellationToken cancellationToken) => Task.FromResult<ChannelClass?>(channelClass);
    }

    private static Command Start(string id, DateTimeOffset issuedAt) => new(1, id, CommandType.StartDestination, issuedAt, "ch", "yt");
}
