using System.Text.Json.Nodes;
using Lunora.Emulator.State;

namespace Lunora.Emulator.Api;

/// <summary>
/// EventBridge ListTargetsByRule over awsJson 1.1 (<c>POST /</c>, <c>X-Amz-Target: AWSEvents.ListTargetsByRule</c>),
/// sharing <c>POST /</c> with CloudWatch, which hands over every <c>AWSEvents.</c> target. Errors in the awsJson shape.
/// </summary>
internal static class EventBridgeEndpoints
{
    public const string TargetPrefix = "AWSEvents.";

    public static async Task HandleAsync(HttpContext context, string target, EventRuleStore rules, RequestGate gate)
    {
        if (target != TargetPrefix + "ListTargetsByRule")
        {
            await RequestGate.WriteErrorAsync(
                context,
                new ApiException(400, "UnknownOperationException", $"Operation '{target}' is not emulated; only {TargetPrefix}ListTargetsByRule is."),
                ServiceKind.CloudWatch);
            return;
        }

        await gate.RunAsync(context, "ListTargetsByRule", ServiceKind.CloudWatch, async () =>
        {
            var request = await JsonBody.ReadObjectAsync(context.Request, m => new ApiException(400, "ValidationException", m));
            var rule = (string?)request["Rule"] ?? throw new ApiException(400, "ValidationException", "1 validation error detected: Value null at 'rule' failed to satisfy constraint: Member must not be null");
            var targets = rules.Targets(rule) ?? throw new ApiException(400, "ResourceNotFoundException", $"Rule {rule} does not exist on EventBus default.");
            return new JsonObject
            {
                ["Targets"] = new JsonArray([.. targets.Select((arn, i) => (JsonNode)new JsonObject { ["Id"] = $"target-{i}", ["Arn"] = arn })]),
            };
        });
    }
}
