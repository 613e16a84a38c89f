namespace Lunora.Worker.Preflight;

public sealed record PreflightReport(IReadOnlyList<PreflightResult> Results)
{
    public bool Passed => Results.All(r => !r.Failed);

    public IEnumerable<PreflightResult> Failures => Results.Where(r => r.Failed);
}
