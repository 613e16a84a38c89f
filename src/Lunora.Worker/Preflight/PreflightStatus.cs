namespace Lunora.Worker.Preflight;

public enum PreflightStatus
{
    Pass,
    Fail,

    /// <summary>Not run because something it depends on is missing; that failure is reported by its own check.</summary>
    Skip,
}
