namespace Lunora.Worker.Preflight;

public enum PreflightStatus
{
    Pass,
    Fail,

    /// <summary>Not run because something it depends on is missing; that failure is reported by its own check.</summary>
    Skip,

    /// <summary>Missing before the first deploy (<c>check --before-deploy</c>): the stack creates it. Not a failure.</summary>
    Later,

    /// <summary>Not probed: no call that changes nothing exists for it; the detail says what was looked at instead.</summary>
    Note,
}
