using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Commands;

/// <summary>
/// Keeps a received batch invisible while it is handled, so a slow write (throttling, retries) does not let a second
/// consumer pick the same messages up. Renews every <c>every</c> until each message is forgotten or the keeper disposed.
/// </summary>
internal sealed class VisibilityKeeper : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public VisibilityKeeper(
        IAmazonSQS sqs, string queueUrl, IEnumerable<Message> messages, TimeSpan visibility, TimeSpan every, TimeProvider time, ILogger logger)
    {
        foreach (var message in messages)
        {
            _inFlight[message.MessageId] = message.ReceiptHandle;
        }

        _loop = RunAsync(sqs, queueUrl, (int)Math.Ceiling(visibility.TotalSeconds), every, time, logger, _stop.Token);
    }

    public void Forget(string messageId) => _inFlight.TryRemove(messageId, out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(
        IAmazonSQS sqs, string queueUrl, int visibilitySeconds, TimeSpan every, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var entries = _inFlight.ToArray();
            foreach (var chunk in entries.Chunk(10))
            {
                try
                {
                    await sqs.ChangeMessageVisibilityBatchAsync(
                        new ChangeMessageVisibilityBatchRequest
                        {
                            QueueUrl = queueUrl,
                            Entries = [.. chunk.Select((e, i) => new ChangeMessageVisibilityBatchRequestEntry
                            {
                                Id = i.ToString(CultureInfo.InvariantCulture),
                                ReceiptHandle = e.Value,
                                VisibilityTimeout = visibilitySeconds,
                            })],
                        },
                        cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not fatal: at worst the message is delivered twice and the ledger absorbs it.
                    logger.ExtendVisibilityFailed(ex, chunk.Length);
                }
            }
        }
    }
}
