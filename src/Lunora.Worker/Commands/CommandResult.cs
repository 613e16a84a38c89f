namespace Lunora.Worker.Commands;

public sealed record CommandResult(CommandOutcome Outcome, CommandRejection? Rejection = null, string? Reason = null)
{
    public static readonly CommandResult Applied = new(CommandOutcome.Applied);
    public static readonly CommandResult Duplicate = new(CommandOutcome.Duplicate);
    public static readonly CommandResult Stale = new(CommandOutcome.Stale);
    public static readonly CommandResult InProgressElsewhere = new(CommandOutcome.InProgressElsewhere);

    public static CommandResult Rejected(CommandRejection rejection, string reason) => new(CommandOutcome.Rejected, rejection, reason);
}
