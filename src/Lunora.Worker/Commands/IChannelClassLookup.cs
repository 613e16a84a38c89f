using Lunora.Domain.Observed;

namespace Lunora.Worker.Commands;

/// <summary>The class of a channel, for commands that only make sense on one class.</summary>
public interface IChannelClassLookup
{
    /// <summary>Null when the channel cannot be found; throws on a failure worth retrying.</summary>
    Task<ChannelClass?> ClassOfAsync(string channelId, CancellationToken cancellationToken);
}
