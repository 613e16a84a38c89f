using Amazon.SQS;
using Amazon.SQS.Model;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Preflight;

/// <summary>
/// The channel's EventBridge rule (<c>EVENTS_RULE_PREFIX</c> + channel id, as the template names it) has the events
/// queue among its targets: otherwise MediaLive's state changes and alerts never reach the worker, which then only
/// learns of them at its next poll.
/// </summary>
public sealed class EventRuleTargetCheck(EventRuleClient events, IAmazonSQS sqs, string ruleName, string eventsQueueUrl, bool beforeDeploy) : IPreflightCheck
{
    public string Name => $"rule {ruleName}";

    public string Permission => "events:ListTargetsByRule";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> targets;
        try
        {
            targets = await events.ListTargetArnsAsync(ruleName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (EventRuleClient.IsMissing(e))
        {
            return beforeDeploy
                ? PreflightResult.Later(Name, $"rule {ruleName}")
                : PreflightResult.Fail(Name, $"rule {ruleName} does not exist", "deploy the stack with this channel in MediaLiveChannelIds, or correct EVENTS_RULE_PREFIX");
        }
        catch (AwsForbiddenException e)
        {
            return PreflightResult.Fail(Name, $"ListTargetsByRule denied ({e.ErrorType})", $"allow {Permission} on the stack's rules for the task role");
        }

        string queueArn;
        try
        {
            var attributes = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = eventsQueueUrl, AttributeNames = ["QueueArn"] }, cancellationToken).ConfigureAwait(false);
            queueArn = attributes.QueueARN;
        }
        catch (Exception e) when (QueueCheck.IsMissing(e))
        {
            return PreflightResult.Skip(Name, $"queue {QueueCheck.Tail(eventsQueueUrl)} does not exist");
        }

        if (targets.Contains(queueArn, StringComparer.Ordinal))
        {
            return PreflightResult.Pass(Name, $"targets {QueueCheck.Tail(eventsQueueUrl)}");
        }

        return PreflightResult.Fail(
            Name,
            targets.Count == 0 ? $"rule {ruleName} has no target" : $"rule {ruleName} targets {string.Join(", ", targets)}, not the events queue {queueArn}",
            "add the events queue as the rule's target (redeploy the stack), or point EVENTS_QUEUE_URL at the queue the rule feeds");
    }
}
