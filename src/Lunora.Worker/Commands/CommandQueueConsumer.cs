using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Commands;

/// <summary>
/// Reads the commands queue: long poll, batches of up to ten, visibility renewed while a batch is handled, a message
/// deleted only once its write succeeded (or it was found to be a duplicate or stale). A message that can never apply is
/// sent to the dead-letter queue by the consumer itself, with its reason as the <c>lunora.reason</c> attribute, and
/// deleted here; if that send fails it is made visible again so the queue's redrive policy moves it. Anything else that
/// fails is transient: the message reappears after a backoff set through its visibility timeout.
/// </summary>
public sealed class CommandQueueConsumer(
    IAmazonSQS sqs,
    CommandHandler handler,
    CommandQueueOptions options,
    CommandMetrics metrics,
    TimeProvider time,
    ILogger<CommandQueueConsumer> logger) : BackgroundService
{
    public const string ReasonAttribute = "lunora.reason";
    public const string RejectionAttribute = "lunora.rejection";
    public const string SourceMessageIdAttribute = "lunora.source-message-id";

    private const string ReceiveCountAttribute = "ApproximateReceiveCount";
    private const string MessageGroupIdAttribute = "MessageGroupId";

    private string? _deadLetterQueueUrl = options.DeadLetterQueueUrl;
    private bool _deadLetterQueueLookedUp = options.DeadLetterQueueUrl is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LocateDeadLetterQueueAsync(stoppingToken);
        logger.Started(options.QueueUrl, _deadLetterQueueUrl);
        await QueuePolling.RunAsync(
            async ct => await PollOnceAsync(ct),
            ex => logger.PollFailed(ex, options.QueueUrl, options.PollErrorDelay),
            options.PollErrorDelay,
            time,
            stoppingToken);
    }

    /// <summary>One receive and the handling of what it returned; the number of messages received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = options.QueueUrl,
                MaxNumberOfMessages = options.MaxMessages,
                WaitTimeSeconds = (int)options.WaitTime.TotalSeconds,
                VisibilityTimeout = (int)Math.Ceiling(options.VisibilityTimeout.TotalSeconds),
                MessageSystemAttributeNames = [ReceiveCountAttribute, MessageGroupIdAttribute],
                MessageAttributeNames = ["All"],
            },
            cancellationToken);

        var messages = response.Messages;
        if (messages is null || messages.Count == 0)
        {
            return 0;
        }

        var done = new List<Message>(messages.Count);
        await using (var keeper = new VisibilityKeeper(
                         sqs, options.QueueUrl, messages, options.VisibilityTimeout, options.VisibilityExtendEvery, time, logger))
        {
            try
            {
                foreach (var message in messages)
                {
                    if (await ProcessAsync(message, cancellationToken))
                    {
                        done.Add(message);
                    }

                    keeper.Forget(message.MessageId);
                }
            }
            finally
            {
                // Even when stopping: what was applied must not come back (it would only be a duplicate, but noise).
                await DeleteAsync(done);
            }
        }

        return messages.Count;
    }

    /// <summary>True when the message is finished with and can be deleted from the queue.</summary>
    private async Task<bool> ProcessAsync(Message message, CancellationToken cancellationToken)
    {
        var parsed = CommandParser.Parse(message.Body, options.ChannelId, options.ManagedChannelIds);
        if (!parsed.IsValid)
        {
            return await RejectAsync(message, parsed.Rejection.Value, parsed.Reason, parsed.CommandId, parsed.TypeName, cancellationToken);
        }

        var command = parsed.Command;
        var typeName = parsed.TypeName!;
        CommandResult result;
        try
        {
            result = await handler.HandleAsync(command, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            metrics.Handled(typeName, "transient_failure");
            var receiveCount = ReceiveCount(message);
            var retryIn = RetryDelay(receiveCount);
            logger.TransientFailure(ex, command.CommandId, typeName, receiveCount, retryIn);
            await SetVisibilityQuietlyAsync(message, retryIn);
            return false;
        }

        switch (result.Outcome)
        {
            case CommandOutcome.Applied:
                metrics.Handled(typeName, "applied");
                logger.Applied(command.CommandId, typeName);
                return true;
            case CommandOutcome.Duplicate:
                metrics.Handled(typeName, "duplicate");
                logger.Duplicate(command.CommandId, typeName);
                return true;
            case CommandOutcome.Stale:
                metrics.Handled(typeName, "stale");
                logger.Stale(command.CommandId, typeName, command.IssuedAt);
                return true;
            case CommandOutcome.InProgressElsewhere:
                metrics.Handled(typeName, "in_progress_elsewhere");
                logger.InProgressElsewhere(command.CommandId);
                return false;
            default:
                return await RejectAsync(
                    message, result.Rejection ?? CommandRejection.InvalidField, result.Reason ?? "rejected", command.CommandId, typeName, cancellationToken);
        }
    }

    private async Task<bool> RejectAsync(
        Message message, CommandRejection rejection, string reason, string? commandId, string? typeName, CancellationToken cancellationToken)
    {
        metrics.Rejected(typeName, rejection);
        // The type as logged is a known name or "unknown": a rejected message's type field is the sender's text.
        logger.Rejected(message.MessageId, commandId, CommandMetrics.TypeTag(typeName), rejection, reason);

        if (!_deadLetterQueueLookedUp)
        {
            await LocateDeadLetterQueueAsync(cancellationToken);
        }

        if (_deadLetterQueueUrl is { } deadLetterQueueUrl)
        {
            try
            {
                await sqs.SendMessageAsync(DeadLetterMessage(message, deadLetterQueueUrl, rejection, reason), cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.DeadLetterSendFailed(ex, message.MessageId);
            }
        }

        // Visible again at once: each receive counts toward maxReceiveCount, so the redrive policy moves it quickly.
        await SetVisibilityQuietlyAsync(message, TimeSpan.Zero);
        return false;
    }

    private static SendMessageRequest DeadLetterMessage(Message message, string deadLetterQueueUrl, CommandRejection rejection, string reason)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            [ReasonAttribute] = new() { DataType = "String", StringValue = reason },
            [RejectionAttribute] = new() { DataType = "String", StringValue = CommandMetrics.ReasonTag(rejection) },
            [SourceMessageIdAttribute] = new() { DataType = "String", StringValue = message.MessageId },
        };

        // SQS allows ten attributes; keep the sender's own when they fit.
        if (message.MessageAttributes is { } original && original.Count + attributes.Count <= 10)
        {
            foreach (var (name, value) in original)
            {
                attributes.TryAdd(name, value);
            }
        }

        var request = new SendMessageRequest
        {
            QueueUrl = deadLetterQueueUrl,
            MessageBody = string.IsNullOrEmpty(message.Body) ? "(empty)" : message.Body,
            MessageAttributes = attributes,
        };

        if (deadLetterQueueUrl.EndsWith(".fifo", StringComparison.Ordinal))
        {
            request.MessageGroupId = message.Attributes is { } system && system.TryGetValue(MessageGroupIdAttribute, out var group)
                ? group
                : "lunora-rejected";
            request.MessageDeduplicationId = message.MessageId;
        }

        return request;
    }

    private async Task LocateDeadLetterQueueAsync(CancellationToken cancellationToken)
    {
        try
        {
            _deadLetterQueueUrl = await DeadLetterQueueLocator.FindAsync(sqs, options.QueueUrl, cancellationToken);
            _deadLetterQueueLookedUp = true;
            if (_deadLetterQueueUrl is null)
            {
                logger.NoDeadLetterQueue(options.QueueUrl);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Looked up again at the next rejection.
            logger.NoDeadLetterQueue(options.QueueUrl);
        }
    }

    private async Task DeleteAsync(List<Message> messages)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            try
            {
                var response = await sqs.DeleteMessageBatchAsync(
                    new DeleteMessageBatchRequest
                    {
                        QueueUrl = options.QueueUrl,
                        Entries = [.. chunk.Select((m, i) => new DeleteMessageBatchRequestEntry
                        {
                            Id = i.ToString(CultureInfo.InvariantCulture),
                            ReceiptHandle = m.ReceiptHandle,
                        })],
                    },
                    CancellationToken.None);
                if (response.Failed is { Count: > 0 } failed)
                {
                    logger.DeleteFailed(null, failed.Count);
                }
            }
            catch (AmazonSQSException ex)
            {
                logger.DeleteFailed(ex, chunk.Length);
            }
        }
    }

    private async Task SetVisibilityQuietlyAsync(Message message, TimeSpan visibility)
    {
        try
        {
            await sqs.ChangeMessageVisibilityAsync(
                new ChangeMessageVisibilityRequest
                {
                    QueueUrl = options.QueueUrl,
                    ReceiptHandle = message.ReceiptHandle,
                    VisibilityTimeout = (int)Math.Ceiling(visibility.TotalSeconds),
                },
                CancellationToken.None);
        }
        catch (AmazonSQSException ex)
        {
            // The receive's own visibility timeout still brings it back.
            logger.ExtendVisibilityFailed(ex, 1);
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is { } attributes && attributes.TryGetValue(ReceiveCountAttribute, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            ? count
            : 1;

    private TimeSpan RetryDelay(int receiveCount)
    {
        var exponent = Math.Clamp(receiveCount - 1, 0, 16);
        var ceiling = Math.Min(options.RetryBaseDelay.TotalSeconds * Math.Pow(2, exponent), options.RetryMaxDelay.TotalSeconds);

        // Full jitter in [ceiling/2, ceiling): spread retries, never zero.
        return TimeSpan.FromSeconds(Math.Ceiling(ceiling * (0.5 + (options.Jitter() / 2))));
    }
}
