using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The worker may receive from the queue: one ReceiveMessage with no wait and visibility timeout 0, so a message it
/// happens to get stays visible to the real consumer (its receive count does go up by one).
/// </summary>
public sealed class QueueReceivePermissionCheck(IAmazonSQS sqs, string setting, string queueUrl) : IPreflightCheck
{
    public string Name => $"receive {setting}";

    public string Permission => "sqs:ReceiveMessage";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 1, VisibilityTimeout = 0, WaitTimeSeconds = 0 },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (QueueCheck.IsMissing(e))
        {
            return PreflightResult.Skip(Name, $"queue {QueueCheck.Tail(queueUrl)} does not exist");
        }

        return PreflightResult.Pass(Name, "ReceiveMessage allowed");
    }
}
