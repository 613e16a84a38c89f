namespace Lunora.Worker.Commands;

public enum LedgerClaim
{
    /// <summary>This consumer may apply the command now; it must then complete or release the claim.</summary>
    Claimed,

    /// <summary>The command was applied before: acknowledge it without applying it again.</summary>
    AlreadyProcessed,

    /// <summary>Another consumer holds an unexpired claim: leave the message, it comes back after its visibility timeout.</summary>
    InProgressElsewhere,
}
