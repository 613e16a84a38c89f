namespace Lunora.Worker.Loop;

/// <summary>Per-channel observe-only switch (pause-reconcile / resume-reconcile commands).</summary>
public interface IReconcileControl
{
    Task<bool> IsPausedAsync(string channelId, CancellationToken cancellationToken);
}
