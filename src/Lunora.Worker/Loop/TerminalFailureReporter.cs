using Lunora.Domain.Desired;
using Lunora.Domain.Planning;
using Lunora.Worker.Aws;
using Lunora.Worker.State;
using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Loop;

/// <summary>
/// Says a terminal failure where the UI looks: every destination of the channel gets <c>error</c> with the reason.
/// The reason is the failure's own message with every stream key of the channel's destinations taken out. Leader only,
/// and best effort: a status that cannot be written leaves the failure in the log and the metric.
/// </summary>
public sealed partial class TerminalFailureReporter(
    IDesiredStateStore store,
    ILeaderLease lease,
    LunoraMetrics metrics,
    ILogger<TerminalFailureReporter> logger)
{
    public async Task<string> ReportAsync(string channelId, DesiredChannel? desired, Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = Reason(channelId, error);
        if (desired is null || !lease.IsHeld)
        {
            return reason;
        }

        try
        {
            foreach (var d in desired.Destinations)
            {
                await store.WriteStatusAsync(new SetDestinationStatus(d.Id, DestinationStatus.Error, null, reason, d.DesiredVersion), cancellationToken);
                metrics.DestinationStatus(channelId, d.Id, WireNames.Of(DestinationStatus.Error));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStatusNotWritten(logger, channelId, ex.GetType().Name);
        }

        return reason;
    }

    private static string Reason(string channelId, Exception error)
    {
        var what = error switch
        {
            AwsNotFoundException => $"channel {channelId} not found in MediaLive (deleted, or the wrong id or region)",
            AwsForbiddenException => $"MediaLive refused access to channel {channelId}; check the task role's permissions",
            AwsUnprocessableEntityException => $"MediaLive rejected the update of channel {channelId}",
            _ => $"channel {channelId} cannot be reconciled",
        };
        // The service's message may quote what was sent; stream keys are already redacted by the gateway, and URLs are
        // not secret. Cut it to a length the UI can show.
        var message = error.Message.Length > 300 ? error.Message[..300] + "…" : error.Message;
        return $"{what}: {message}";
    }

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Channel {ChannelId}: terminal failure not written to the destinations' status ({ErrorType})")]
    private static partial void LogStatusNotWritten(ILogger logger, string channelId, string errorType);
}
