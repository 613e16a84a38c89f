using Lunora.Worker.Events;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Health;

/// <summary>
/// MediaLive events as hints: an alert joins the health model (merged with ListAlerts by alert id) and any event asks
/// for a reconcile of its channel. The loop never depends on them.
/// </summary>
public sealed class EventHealthSink(HealthMonitor monitor, IReconcileTrigger trigger, TimeProvider time) : IHealthSignalSink
{
    public void OnAlertEvent(ChannelAlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Pipeline is { } pipeline)
        {
            var set = alert.AlarmState == AlarmState.Set;
            monitor.OnAlertEvent(new AlertSignal(
                alert.ChannelId,
                "event:" + (alert.AlarmId ?? $"{alert.AlertType}/{pipeline}"),
                alert.AlertType,
                pipeline,
                alert.Message ?? "",
                set,
                alert.Time,
                set ? null : time.GetUtcNow()));
        }

        trigger.Trigger(alert.ChannelId, "alert event");
    }

    public void OnStateChangeEvent(ChannelStateChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        trigger.Trigger(change.ChannelId, "state change event");
    }
}
