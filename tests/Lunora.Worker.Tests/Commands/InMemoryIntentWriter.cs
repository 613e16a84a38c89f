using System.Collections.Concurrent;
using Lunora.Domain.Desired;
using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Commands;

/// <summary>Enforces the writer's contract: unknown destinations refused, a stamp older than the stored one is stale.</summary>
internal sealed class InMemoryIntentWriter : IIntentWriter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Destination> _destinations = new(StringComparer.Ordinal);
    private int _failuresLeft;

    public ConcurrentQueue<string> Writes { get; } = new();

    public Dictionary<string, bool> Paused { get; } = new(StringComparer.Ordinal);

    public void Add(string channelId, string destinationId)
    {
        lock (_gate)
        {
            _destinations[destinationId] = new Destination(channelId);
        }
    }

    public Destination Get(string destinationId)
    {
        lock (_gate)
        {
            return _destinations[destinationId];
        }
    }

    /// <summary>The next <paramref name="count"/> writes throw, as a throttled or unreachable table would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public Task<IntentWriteOutcome> SetDesiredStateAsync(string destinationId, DesiredState state, IntentStamp stamp, CancellationToken cancellationToken) =>
        Task.FromResult(Write(destinationId, stamp, $"state:{destinationId}:{state}", d => d.State = state));

    public Task<int> StopAllAsync(string channelId, IntentStamp stamp, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            var changed = 0;
            foreach (var destination in _destinations.Values.Where(d => d.ChannelId == channelId && (d.Stamp is null || d.Stamp.Value.IssuedAt <= stamp.IssuedAt)))
            {
                destination.State = DesiredState.Stopped;
                destination.Stamp = stamp;
                changed++;
            }

            Writes.Enqueue($"stop-all:{channelId}");
            return Task.FromResult(changed);
        }
    }

    public Task<IntentWriteOutcome> SetBackupAsync(string destinationId, string backupUrl, string backupKeyParameter, IntentStamp stamp, CancellationToken cancellationToken) =>
        Task.FromResult(Write(destinationId, stamp, $"backup:{destinationId}", d => d.Backup = (backupUrl, backupKeyParameter)));

    public Task<IntentWriteOutcome> SetUrlPreferenceAsync(string destinationId, UrlPreference preference, IntentStamp stamp, CancellationToken cancellationToken) =>
        Task.FromResult(Write(destinationId, stamp, $"preference:{destinationId}:{preference}", d => d.Preference = preference));

    public Task SetReconcilePausedAsync(string channelId, bool paused, IntentStamp stamp, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            Paused[channelId] = paused;
            Writes.Enqueue($"paused:{channelId}:{paused}");
        }

        return Task.CompletedTask;
    }

    private IntentWriteOutcome Write(string destinationId, IntentStamp stamp, string description, Action<Destination> apply)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            if (!_destinations.TryGetValue(destinationId, out var destination))
            {
                return IntentWriteOutcome.UnknownDestination;
            }

            if (destination.Stamp is { } stored && stored.IssuedAt > stamp.IssuedAt)
            {
                return IntentWriteOutcome.Stale;
            }

            apply(destination);
            destination.Stamp = stamp;
            destination.Version++;
            Writes.Enqueue(description);
            return IntentWriteOutcome.Applied;
        }
    }

    private void ThrowIfFailing()
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new TimeoutException("simulated throttling");
        }
    }

    internal sealed class Destination(string channelId)
    {
        public string ChannelId { get; } = channelId;

        public DesiredState State { get; set; } = DesiredState.Stopped;

        public UrlPreference Preference { get; set; } = UrlPreference.Auto;

        public (string Url, string KeyParameter)? Backup { get; set; }

        public IntentStamp? Stamp { get; set; }

        public long Version { get; set; }
    }
}
