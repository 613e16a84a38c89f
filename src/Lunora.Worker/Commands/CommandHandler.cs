using Lunora.Domain.Desired;
using Lunora.Domain.Observed;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Commands;

/// <summary>
/// Applies one valid command: claim it in the ledger, make its intent write, mark it processed, trigger a reconcile.
/// Never changes MediaLive (it may read a channel's class). Exceptions are transient by contract (the queue retries); a
/// command that cannot apply is a <see cref="CommandOutcome.Rejected"/> result, not an exception.
/// </summary>
/// <param name="channels">Rejects failover/failback on a STANDARD channel; without it they are not checked.</param>
public sealed partial class CommandHandler(
    IIntentWriter intents,
    ICommandLedger ledger,
    IReconcileTrigger trigger,
    CommandQueueOptions options,
    TimeProvider time,
    ILogger<CommandHandler>? logger = null,
    IChannelClassLookup? channels = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public async Task<CommandResult> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await NotApplicableAsync(command, cancellationToken) is { } rejected)
        {
            return rejected;
        }

        var claim = await ledger.TryClaimAsync(command.CommandId, time.GetUtcNow(), options.LedgerClaimFor, cancellationToken);
        switch (claim)
        {
            case LedgerClaim.AlreadyProcessed:
                return CommandResult.Duplicate;
            case LedgerClaim.InProgressElsewhere:
                return CommandResult.InProgressElsewhere;
        }

        IntentWriteOutcome outcome;
        try
        {
            outcome = await ApplyAsync(command, cancellationToken);
        }
        catch
        {
            // The retry should not have to wait for the claim to expire. Not cancellable: we are already failing.
            await ReleaseQuietlyAsync(command.CommandId);
            throw;
        }

        if (outcome == IntentWriteOutcome.UnknownDestination)
        {
            // Released, not marked: if the destination is created and the message redriven, it must apply.
            await ReleaseQuietlyAsync(command.CommandId);
            return CommandResult.Rejected(CommandRejection.UnknownDestination, "destination_id does not name an existing destination");
        }

        await ledger.MarkProcessedAsync(command.CommandId, time.GetUtcNow(), options.LedgerKeepFor, cancellationToken);
        if (outcome == IntentWriteOutcome.Stale)
        {
            return CommandResult.Stale;
        }

        trigger.Trigger(command.ChannelId, "command " + command.Type.ToWireName());
        return CommandResult.Applied;
    }

    private async Task<IntentWriteOutcome> ApplyAsync(Command command, CancellationToken cancellationToken)
    {
        var stamp = command.Stamp;
        switch (command.Type)
        {
            case CommandType.StartDestination:
                return await intents.SetDesiredStateAsync(command.DestinationId!, DesiredState.Streaming, stamp, cancellationToken);
            case CommandType.StopDestination:
                return await intents.SetDesiredStateAsync(command.DestinationId!, DesiredState.Stopped, stamp, cancellationToken);
            case CommandType.StopAll:
                await intents.StopAllAsync(command.ChannelId, stamp, cancellationToken);
                return IntentWriteOutcome.Applied;
            case CommandType.SetBackup:
                return await intents.SetBackupAsync(command.DestinationId!, command.BackupUrl!, command.BackupKeyParameter!, stamp, cancellationToken);
            case CommandType.Failover:
                return await intents.SetUrlPreferenceAsync(command.DestinationId!, UrlPreference.Backup, stamp, cancellationToken);
            case CommandType.Failback:
                return await intents.SetUrlPreferenceAsync(command.DestinationId!, UrlPreference.Primary, stamp, cancellationToken);
            case CommandType.AutoFailover:
                return await intents.SetUrlPreferenceAsync(command.DestinationId!, UrlPreference.Auto, stamp, cancellationToken);
            case CommandType.PauseReconcile:
                await intents.SetReconcilePausedAsync(command.ChannelId, paused: true, stamp, cancellationToken);
                return IntentWriteOutcome.Applied;
            case CommandType.ResumeReconcile:
                await intents.SetReconcilePausedAsync(command.ChannelId, paused: false, stamp, cancellationToken);
                return IntentWriteOutcome.Applied;
            case CommandType.ReconcileNow:
                // Nothing to write: the trigger is the whole command.
                return IntentWriteOutcome.Applied;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Type, "unhandled command type");
        }
    }

    // Checked before the ledger claim: a rejected command is not processed, and a redelivery is judged afresh.
    private async Task<CommandResult?> NotApplicableAsync(Command command, CancellationToken cancellationToken)
    {
        var ahead = command.IssuedAt - time.GetUtcNow();
        if (ahead > options.MaxIssuedAhead)
        {
            return CommandResult.Rejected(
                CommandRejection.IssuedInFuture,
                $"issued_at is {Minutes(ahead)} min ahead of the worker's clock (at most {Minutes(options.MaxIssuedAhead)} min allowed): stored as the intent's stamp it would make every later command stale; check the sender's clock");
        }

        if (command.Type is CommandType.Failover or CommandType.Failback
            && channels is not null
            && await channels.ClassOfAsync(command.ChannelId, cancellationToken) == ChannelClass.Standard)
        {
            return CommandResult.Rejected(
                CommandRejection.NotApplicable,
                $"{command.Type.ToWireName()} does not apply to a STANDARD channel: both pipelines run at once and each destination already sends to its primary URL on one and its backup URL on the other");
        }

        return null;
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private async Task ReleaseQuietlyAsync(string commandId)
    {
        try
        {
            await ledger.ReleaseAsync(commandId, CancellationToken.None);
        }
#pragma warning disable CA1031 // Best effort by contract: the claim expires on its own.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReleaseFailed(_logger, commandId, e);
        }
    }

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Could not release the ledger claim of command {CommandId}; a retry waits until the claim expires")]
    private static partial void LogReleaseFailed(ILogger logger, string commandId, Exception exception);
}
