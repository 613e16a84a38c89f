using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Preflight;

/// <summary>The queue named by <paramref name="setting"/> exists (GetQueueAttributes).</summary>
/// <param name="createdByStack">Missing is <see cref="PreflightStatus.Later"/>, not a failure (<c>check --before-deploy</c>).</param>
public sealed class QueueCheck(IAmazonSQS sqs, string setting, string queueUrl, bool createdByStack = false) : IPreflightCheck
{
    public string Name => $"queue {setting}";

    public string Permission => "sqs:GetQueueAttributes";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMissing(e) && createdByStack)
        {
            return PreflightResult.Later(Name, $"queue {Tail(queueUrl)}");
        }
        catch (Exception e) when (IsMissing(e))
        {
            return PreflightResult.Fail(
                Name,
                $"queue {queueUrl} does not exist",
                $"create the queue or correct {setting} (aws sqs get-queue-url --queue-name NAME)");
        }

        return PreflightResult.Pass(Name, Tail(queueUrl));
    }

    internal static bool IsMissing(Exception e) =>
        e is QueueDoesNotExistException
        || (e is AmazonSQSException s && s.ErrorCode is "AWS.SimpleQueueService.NonExistentQueue" or "QueueDoesNotExist" or "NonExistentQueue");

    internal static string Tail(string queueUrl) => queueUrl[(queueUrl.TrimEnd('/').LastIndexOf('/') + 1)..];
}
