using Lunora.Domain.Planning;

namespace Lunora.Worker.State;

/// <summary>
/// Streaming history in the sessions table, written as things happen (one UpdateItem per event) so it survives a
/// crash: one item per channel run, one per destination streaming interval. Calls are idempotent per event.
/// </summary>
public interface ISessionRecorder
{
    /// <summary>Opens a run (or returns the open one) and returns its session id.</summary>
    Task<string> ChannelStartRequestedAsync(string channelId, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a run for a channel MediaLive reports starting or running (or returns the open one): <paramref name="reason"/>
    /// says why (the start Lunora asked for, or that it was started outside Lunora).
    /// </summary>
    Task<string> OpenRunAsync(string channelId, string? reason, DateTimeOffset requestedAt, IReadOnlyCollection<string> destinationIds, CancellationToken cancellationToken);

    Task ChannelRunningAsync(string channelId, CancellationToken cancellationToken);

    Task ChannelStopRequestedAsync(string channelId, string reason, CancellationToken cancellationToken);

    /// <summary>Closes the open run with its channel-seconds and estimated cost, and every open destination interval.</summary>
    Task ChannelIdleAsync(string channelId, CancellationToken cancellationToken);

    Task DestinationStreamingAsync(string channelId, string destinationId, UrlType? urlType, CancellationToken cancellationToken);

    Task DestinationStoppedAsync(string channelId, string destinationId, string? reason, CancellationToken cancellationToken);

    Task FailoverAsync(string channelId, RecordFailover failover, CancellationToken cancellationToken);

    /// <summary>The open run of the channel, or null.</summary>
    Task<string?> CurrentSessionAsync(string channelId, CancellationToken cancellationToken);
}
