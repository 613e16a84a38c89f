using Lunora.Worker.State;

namespace Lunora.Worker.Tests.Loop.Fakes;

internal sealed class NeverPaused : IReconcilePauseReader
{
    public Task<bool> IsPausedAsync(string channelId, CancellationToken cancellationToken) => Task.FromResult(false);
}
