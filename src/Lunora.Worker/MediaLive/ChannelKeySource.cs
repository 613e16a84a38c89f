using Lunora.Worker.Secrets;

namespace Lunora.Worker.MediaLive;

/// <summary>Reads the keys a channel's managed outputs send with into the vault (see <see cref="IChannelKeySource"/>).</summary>
public sealed class ChannelKeySource(MediaLiveClient client, StreamKeyVault vault) : IChannelKeySource
{
    public async Task<IReadOnlyList<ChannelKey>> KeysOnChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        var document = await client.DescribeChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        return [.. ChannelDocument.ManagedStreamNames(document).Select(k => new ChannelKey(k.Group, k.Url, vault.Remember(k.StreamName)))];
    }
}
