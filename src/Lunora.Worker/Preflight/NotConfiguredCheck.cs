namespace Lunora.Worker.Preflight;

/// <summary>An optional setting left empty: shown in the table so nobody mistakes "off" for "checked".</summary>
public sealed class NotConfiguredCheck(string setting, string consequence, string? name = null) : IPreflightCheck
{
    public string Name => name ?? $"queue {setting}";

    public string Permission => "none";

    public Task<PreflightResult> RunAsync(CancellationToken cancellationToken) =>
        Task.FromResult(PreflightResult.Skip(Name, $"{setting} not set: {consequence}"));
}
