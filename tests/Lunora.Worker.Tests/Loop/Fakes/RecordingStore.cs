using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Loop.Fakes;

internal sealed class RecordingStore : IDesiredStateStore, ISessionRecorder
{
    public List<SetDestinationStatus> Statuses { get; } = [];

    public List<RecordFailover> Failovers { get; } = [];

    public List<string> SessionEvents { get; } = [];

    public Task<DesiredChannel> ReadAsync(string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(new DesiredChannel(channelId, ImmutableArray<DestinationSpec>.Empty));

    public Task WriteStatusAsync(SetDestinationStatus status, CancellationToken cancellationToken)
    {
        Statuses.Add(status);
        return Task.CompletedTask;
    }

    public Task RecordFailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken)
    {
        Failovers.Add(failover);
        return Task.CompletedTask;
    }

    public Task<string> ChannelStartRequestedAsync(string channelId, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken) =>
        Record("start-requested", "s1");

    public Task<string> OpenRunAsync(string channelId, string? reason, DateTimeOffset requestedAt, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken) =>
        Record("run-opened", "s1");

    public Task ChannelRunningAsync(string channelId, CancellationToken cancellationToken) => Record("running", "");

    public Task ChannelStopRequestedAsync(string channelId, string reason, CancellationToken cancellationToken) => Record("stop-requested", "");

    public Task ChannelIdleAsync(string channelId, CancellationToken cancellationToken) => Record("idle", "");

    public Task DestinationStreamingAsync(string channelId, string destinationId, UrlType? urlType, CancellationToken cancellationToken) =>
        Record("streaming:" + destinationId, "");

    public Task DestinationStoppedAsync(string channelId, string destinationId, string? reason, CancellationToken cancellationToken) =>
        Record("stopped:" + destinationId, "");

    public Task FailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken) => Record("failover", "");

    public Task<string?> CurrentSessionAsync(string channelId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    private Task<string> Record(string what, string result)
    {
        SessionEvents.Add(what);
        return Task.FromResult(result);
    }
}
