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

    /// <summary>Hands the URL choice back to health (url_preference auto), undoing <see cref="Failover"/> or <see cref="Failback"/>.</summary>
    AutoFailover,
    ReconcileNow,
    PauseReconcile,
    ResumeReconcile,
}
