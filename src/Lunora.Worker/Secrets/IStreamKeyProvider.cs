namespace Lunora.Worker.Secrets;

/// <summary>Resolves a stream key by its Parameter Store name. Implementations never log, trace or throw the value.</summary>
public interface IStreamKeyProvider
{
    /// <summary>The key, or null when the parameter does not exist. Transient failures throw.</summary>
    Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken);
}
