using System.Collections.Concurrent;
using Lunora.Worker.Configuration;

namespace Lunora.Worker.Loop;

/// <summary>
/// The channels this worker reconciles: those the deployment manages (<see cref="ChannelSettings"/>). The intent watcher
/// reports channels as records name them; a channel outside the managed set is never added (its records are errors).
/// </summary>
public sealed class KnownChannels : IChannelDirectory
{
    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);
    private readonly LunoraSettings _settings;

    public KnownChannels(LunoraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        foreach (var channel in settings.Channels.ChannelIds)
        {
            _channels[channel] = true;
        }
    }

    public void Add(string channelId)
    {
        if (!string.IsNullOrWhiteSpace(channelId) && _settings.Channels.Manages(channelId))
        {
            _channels[channelId] = true;
        }
    }

    public Task<IReadOnlyCollection<string>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<string>>(_channels.Keys.ToList());
}
