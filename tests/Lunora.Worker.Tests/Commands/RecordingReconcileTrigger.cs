using System.Collections.Concurrent;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Tests.Commands;

internal sealed class RecordingReconcileTrigger : IReconcileTrigger
{
    public ConcurrentQueue<(string ChannelId, string Reason)> Triggers { get; } = new();

    public void Trigger(string channelId, string reason) => Triggers.Enqueue((channelId, reason));
}
