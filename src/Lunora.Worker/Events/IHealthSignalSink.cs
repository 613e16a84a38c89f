namespace Lunora.Worker.Events;

/// <summary>
/// Where MediaLive events feed the health model. Events are best effort (late, lost, duplicated): the sink treats them
/// as hints to fuse with polled alerts and metrics, never as the only evidence. Must not block.
/// </summary>
public interface IHealthSignalSink
{
    void OnAlertEvent(ChannelAlertEvent alert);

    void OnStateChangeEvent(ChannelStateChangeEvent change);
}
