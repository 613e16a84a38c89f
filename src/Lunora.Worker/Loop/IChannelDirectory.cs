namespace Lunora.Worker.Loop;

/// <summary>Which channels this worker reconciles: the configured channel plus any channel a destination names.</summary>
public interface IChannelDirectory
{
    Task<IReadOnlyCollection<string>> ListAsync(CancellationToken cancellationToken);
}
