using System.Threading.Channels;

namespace Lunora.Worker.State;

/// <summary>
/// Where change signals meet the loop. Bounded and lossy on purpose: signals are level triggers ("look again"), so
/// dropping the oldest of a burst loses nothing. Anything may publish (the watcher, the command handler).
/// </summary>
public sealed class IntentChangeFeed
{
    private readonly Channel<IntentChanged> _channel = Channel.CreateBounded<IntentChanged>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false });

    public ChannelReader<IntentChanged> Reader => _channel.Reader;

    public void Publish(IntentChanged change) => _channel.Writer.TryWrite(change);
}
