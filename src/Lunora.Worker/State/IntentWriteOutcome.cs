namespace Lunora.Worker.State;

public enum IntentWriteOutcome
{
    Applied,

    /// <summary>The destination does not exist: the command is invalid (dead-letter it).</summary>
    UnknownDestination,

    /// <summary>The record already holds a newer command's intent: acknowledge and ignore.</summary>
    Stale,
}
