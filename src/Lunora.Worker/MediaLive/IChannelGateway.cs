using Lunora.Domain.Observed;
using Lunora.Domain.Planning;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// The MediaLive delivery backend as the loop sees it: the only code that knows the channel's wire shape. It turns a
/// DescribeChannel document into an <see cref="ObservedChannel"/> and an <see cref="UpdateOutputs"/> back into an
/// UpdateChannel body patched from the document it read, leaving every unmanaged member as it was.
/// </summary>
public interface IChannelGateway
{
    Task<ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>Rewrites Lunora's own output groups. Resolves stream keys itself; refuses if the unmanaged fingerprint would change.</summary>
    Task ApplyOutputsAsync(string channelId, UpdateOutputs action, CancellationToken cancellationToken);

    Task StartAsync(string channelId, CancellationToken cancellationToken);

    Task StopAsync(string channelId, CancellationToken cancellationToken);
}
