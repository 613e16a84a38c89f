namespace Lunora.Worker.Aws;

/// <summary>
/// What a mutating AWS call passes through on every attempt, after any rate-limiter wait and right before it is sent:
/// proof that this process may still change the world, and a deadline within which it must have done so.
/// </summary>
public interface IMutationFence
{
    /// <summary>
    /// Confirms the right to mutate now, or throws <see cref="MutationFencedException"/>. The scope's token ends at
    /// the deadline or when the right is lost, whichever comes first, and also when <paramref name="cancellationToken"/> does.
    /// </summary>
    Task<MutationScope> EnterAsync(string operation, CancellationToken cancellationToken);
}
