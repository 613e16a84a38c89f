namespace Lunora.Worker.State;

/// <summary>The per-channel observe-only switch (pause-reconcile / resume-reconcile), as stored in the worker table.</summary>
public interface IReconcilePauseReader
{
    Task<bool> IsPausedAsync(string channelId, CancellationToken cancellationToken);
}
