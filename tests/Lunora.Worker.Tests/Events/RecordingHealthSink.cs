using System.Collections.Concurrent;
using Lunora.Worker.Events;

namespace Lunora.Worker.Tests.Events;

internal sealed class RecordingHealthSink : IHealthSignalSink
{
    public ConcurrentQueue<ChannelAlertEvent> Alerts { get; } = new();

    public ConcurrentQueue<ChannelStateChangeEvent> Changes { get; } = new();

    public void OnAlertEvent(ChannelAlertEvent alert) => Alerts.Enqueue(alert);

    public void OnStateChangeEvent(ChannelStateChangeEvent change) => Changes.Enqueue(change);
}
