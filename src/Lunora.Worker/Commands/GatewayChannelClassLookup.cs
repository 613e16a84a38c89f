using System.Collections.Concurrent;
using Lunora.Domain.Observed;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Commands;

/// <summary>
/// A channel's class as DescribeChannel reports it (a read: commands still never change MediaLive), remembered for a
/// while since a class changes only by an operator's deliberate migration.
/// </summary>
public sealed class GatewayChannelClassLookup(IChannelGateway gateway, TimeProvider time) : IChannelClassLookup
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (ChannelClass Class, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    public async Task<ChannelClass?> ClassOfAsync(string channelId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(channelId, out var known) && now - known.At < RememberFor)
        {
            return known.Class;
        }

        try
        {
            var observed = await gateway.ObserveAsync(channelId, cancellationToken).ConfigureAwait(false);
            _known[channelId] = (observed.Class, now);
            return observed.Class;
        }
        catch (AwsNotFoundException)
        {
            return null;
        }
    }
}
