namespace Lunora.Worker.Loop;

/// <summary>Asks for a reconcile of a channel soon. Cheap, thread-safe, de-duplicated by the work queue.</summary>
public interface IReconcileTrigger
{
    void Trigger(string channelId, string reason);
}
