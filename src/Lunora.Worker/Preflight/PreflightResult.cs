namespace Lunora.Worker.Preflight;

/// <summary>One check's verdict. <see cref="Detail"/> is the problem when failed, a note otherwise; never a secret.</summary>
public sealed record PreflightResult(string Check, PreflightStatus Status, string Detail, string? Fix)
{
    public bool Failed => Status == PreflightStatus.Fail;

    public static PreflightResult Pass(string check, string note) => new(check, PreflightStatus.Pass, note, null);

    public static PreflightResult Fail(string check, string problem, string fix) => new(check, PreflightStatus.Fail, problem, fix);

    public static PreflightResult Skip(string check, string reason) => new(check, PreflightStatus.Skip, reason, null);

    public static PreflightResult Later(string check, string what) => new(check, PreflightStatus.Later, what + ": will be created by the stack", null);

    public static PreflightResult Note(string check, string note) => new(check, PreflightStatus.Note, note, null);
}
