using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lunora.Worker.Commands;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Events;

/// <summary>
/// Reads MediaLive EventBridge events from the events queue: each event for our channel triggers a reconcile and feeds
/// the health sink. Best effort: every message is deleted once looked at, malformed or not, so nothing can block the
/// queue; the loop never depends on an event arriving.
/// </summary>
public sealed class EventQueueConsumer(
    IAmazonSQS sqs,
    IReconcileTrigger trigger,
    IHealthSignalSink health,
    EventQueueOptions options,
    TimeProvider time,
    ILogger<EventQueueConsumer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        QueuePolling.RunAsync(
            async ct => await PollOnceAsync(ct),
            ex => logger.PollFailed(ex, options.QueueUrl, options.PollErrorDelay),
            options.PollErrorDelay,
            time,
            stoppingToken);

    /// <summary>One receive and the handling of what it returned; the number of messages received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = options.QueueUrl,
                MaxNumberOfMessages = options.MaxMessages,
                WaitTimeSeconds = (int)options.WaitTime.TotalSeconds,
            },
            cancellationToken);
        var messages = response.Messages;
        if (messages is null || messages.Count == 0)
        {
            return 0;
        }

        foreach (var message in messages)
        {
            try
            {
                Handle(message);
            }
#pragma warning disable CA1031 // Best effort by design: a failing sink must not keep an event on the queue forever.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.HandlingFailed(ex, message.MessageId);
            }
        }

        await sqs.DeleteMessageBatchAsync(
            new DeleteMessageBatchRequest
            {
                QueueUrl = options.QueueUrl,
                Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
            },
            CancellationToken.None);
        return messages.Count;
    }

    private void Handle(Message message)
    {
        var (alert, change, skipped) = MediaLiveEventParser.Parse(message.Body);
        if (skipped is not null)
        {
            logger.Skipped(message.MessageId, skipped);
            return;
        }

        var channelId = alert?.ChannelId ?? change!.ChannelId;
        if (options.ChannelId is { } ours && !string.Equals(ours, channelId, StringComparison.Ordinal)
            && !options.ManagedChannelIds.Contains(channelId, StringComparer.Ordinal))
        {
            logger.NotOurs(channelId);
            return;
        }

        if (alert is not null)
        {
            logger.Alert(channelId, alert.AlertType, alert.AlarmState, alert.Pipeline);
            health.OnAlertEvent(alert);
            trigger.Trigger(channelId, "event alert");
        }
        else
        {
            logger.StateChange(channelId, change!.State);
            health.OnStateChangeEvent(change);
            trigger.Trigger(channelId, "event state change");
        }
    }
}
