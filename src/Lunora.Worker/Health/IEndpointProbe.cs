namespace Lunora.Worker.Health;

/// <summary>Can this ingest be reached now? Used for an endpoint not in use (the primary while on backup), which is what failback needs.</summary>
public interface IEndpointProbe
{
    Task<bool> IsReachableAsync(string url, CancellationToken cancellationToken);
}
