namespace Lunora.Worker.Commands;

/// <summary>The <c>type</c> of a command; the wire names are kebab-case (see <see cref="CommandTypeNames"/>).</summary>
public enum CommandType
{
    StartDestination,
    StopDestination,
    StopAll,
    SetBackup,
    Failover,
    Failback,
    ReconcileNow,
    PauseReconcile,
    ResumeReconcile,
}
