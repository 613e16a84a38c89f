namespace Lunora.Worker.Aws;

/// <summary>One fenced attempt: send with <see cref="Token"/>; its cancellation means the deadline or the right to mutate ended.</summary>
public sealed class MutationScope : IDisposable
{
    private readonly CancellationTokenSource[] _sources;

    public MutationScope(CancellationToken token, params CancellationTokenSource[] sources)
    {
        Token = token;
        _sources = sources;
    }

    /// <summary>A scope that ends only with the caller's token: for a process that is not fenced.</summary>
    public static MutationScope Unfenced(CancellationToken token) => new(token);

    public CancellationToken Token { get; }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }
    }
}
