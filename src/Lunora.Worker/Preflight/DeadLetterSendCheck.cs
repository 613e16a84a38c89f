using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The commands dead-letter queue the worker moves a rejected command to (with its reason) is the one the commands
/// queue's RedrivePolicy names. SendMessage itself is not probed: every SendMessage SQS accepts enqueues a message,
/// and a probe in the DLQ would trip the dead-letter alarm and could not be removed (the task role may not receive or
/// delete there). An out-of-range request (e.g. DelaySeconds 901) is refused by SQS, but whether that happens after
/// the authorisation is not documented, so it would prove nothing. The grant is pinned by the template/code
/// cross-check (SendMessage on the DLQ, in the same statement as the GetQueueAttributes this check calls).
/// </summary>
public sealed class DeadLetterSendCheck(IAmazonSQS sqs, string setting, string queueUrl, string? commandsQueueUrl) : IPreflightCheck
{
    public string Name => $"send {setting}";

    public string Permission => "sqs:GetQueueAttributes";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        string arn;
        string? redrive = null;
        try
        {
            arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, cancellationToken).ConfigureAwait(false)).QueueARN;
            if (commandsQueueUrl is not null)
            {
                var commands = await sqs.GetQueueAttributesAsync(
                    new GetQueueAttributesRequest { QueueUrl = commandsQueueUrl, AttributeNames = ["RedrivePolicy"] }, cancellationToken).ConfigureAwait(false);
                commands.Attributes?.TryGetValue("RedrivePolicy", out redrive);
            }
        }
        catch (Exception e) when (QueueCheck.IsMissing(e))
        {
            return PreflightResult.Skip(Name, "a queue it compares does not exist");
        }

        var target = redrive is null ? null : (string?)JsonNode.Parse(redrive)?["deadLetterTargetArn"];
        if (commandsQueueUrl is not null && !string.Equals(target, arn, StringComparison.Ordinal))
        {
            return PreflightResult.Fail(
                Name,
                $"{QueueCheck.Tail(queueUrl)} is not the dead-letter queue of COMMANDS_QUEUE_URL (its RedrivePolicy names {target ?? "none"})",
                $"point {setting} at the queue the commands queue's RedrivePolicy names, or leave it empty to use that one");
        }

        return PreflightResult.Note(
            Name,
            "the dead-letter queue of COMMANDS_QUEUE_URL; SendMessage not probed (any accepted send enqueues; see docs/preflight.md)");
    }
}
