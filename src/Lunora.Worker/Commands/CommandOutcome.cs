namespace Lunora.Worker.Commands;

public enum CommandOutcome
{
    /// <summary>The intent write happened and a reconcile was triggered.</summary>
    Applied,

    /// <summary>Same command id seen before: acknowledged, not applied again.</summary>
    Duplicate,

    /// <summary>The record already holds a newer command's intent: acknowledged and ignored.</summary>
    Stale,

    /// <summary>Another consumer is applying it right now: left on the queue.</summary>
    InProgressElsewhere,

    /// <summary>Valid JSON but not applicable (unknown destination): dead-lettered.</summary>
    Rejected,
}
