using Lunora.Domain.Desired;
using Lunora.Worker.Loop;
using Lunora.Worker.State;

namespace Lunora.Worker.Commands;

/// <summary>
/// Applies one valid command: claim it in the ledger, make its intent write, mark it processed, trigger a reconcile.
/// Never calls MediaLive. Exceptions are transient by contract (the queue retries); a command that cannot apply is a
/// <see cref="CommandOutcome.Rejected"/> result, not an exception.
/// </summary>
public sealed class CommandHandler(
    IIntentWriter intents,
    ICommandLedger ledger,
    IReconcileTrigger trigger,
    CommandQueueOptions options,
    TimeProvider time)
{
    public async Task<CommandResult> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
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

    private async Task ReleaseQuietlyAsync(string commandId)
    {
        try
        {
            await ledger.ReleaseAsync(commandId, CancellationToken.None);
        }
#pragma warning disable CA1031 // Best effort by contract: the claim expires on its own.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
