namespace Lunora.Worker.Preflight;

/// <summary>
/// One read-only look at the world. Expected problems come back as a failed result with its fix; anything thrown is
/// retried when transient and otherwise reported by the runner together with <see cref="Permission"/>.
/// </summary>
public interface IPreflightCheck
{
    string Name { get; }

    /// <summary>The IAM action(s) the check needs, named in the fix when the call is denied.</summary>
    string Permission { get; }

    Task<PreflightResult> RunAsync(CancellationToken cancellationToken);
}
