using System.Collections.Concurrent;
using Lunora.Worker.Configuration;

namespace Lunora.Worker.Loop;

/// <summary>
/// The channels this worker reconciles: the configured one, plus every channel a destination has named since start
/// (the intent watcher reports them). A channel is never forgotten while the process runs: it may still need stopping.
/// </summary>
public sealed class KnownChannels : IChannelDirectory
{
    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);

    public KnownChannels(LunoraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.ChannelId))
        {
            _channels[settings.ChannelId] = true;
        }
    }

    public void Add(string channelId)
    {
        if (!string.IsNullOrWhiteSpace(channelId))
        {
            _channels[channelId] = true;
        }
    }

    public Task<IReadOnlyCollection<string>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<string>>(_channels.Keys.ToList());
}
