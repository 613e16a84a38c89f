namespace Lunora.Worker.Secrets;

/// <summary>
/// The keys a channel's managed outputs send with right now, for when a parameter cannot be read: an output already on
/// the channel keeps the key it has (also after a restart of the worker, which never read that parameter).
/// </summary>
public interface IChannelKeySource
{
    /// <summary>Each managed pipeline's group, URL and key fingerprint; the keys themselves go into the vault.</summary>
    Task<IReadOnlyList<ChannelKey>> KeysOnChannelAsync(string channelId, CancellationToken cancellationToken);
}
