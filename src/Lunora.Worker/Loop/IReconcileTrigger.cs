namespace Lunora.Worker.Loop;

/// <summary>
/// Asks the loop to reconcile a channel soon. Level-based: a trigger carries no intent (that lives in DynamoDB), so
/// triggers may be coalesced or lost without harm; the periodic resync still runs. Must not block.
/// </summary>
public interface IReconcileTrigger
{
    /// <param name="reason">Short, for logs and metrics; never a stream key.</param>
    void Trigger(string channelId, string reason);
}
