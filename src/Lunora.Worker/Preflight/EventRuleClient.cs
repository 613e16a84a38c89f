using System.Text;
using System.Text.Json.Nodes;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Preflight;

/// <summary>
/// EventBridge ListTargetsByRule over awsJson 1.1 (<c>POST /</c>, <c>X-Amz-Target: AWSEvents.ListTargetsByRule</c>),
/// paginated by NextToken. Only <c>check</c> uses it, to see that a channel's rule forwards to the events queue.
/// </summary>
public sealed class EventRuleClient(AwsHttpTransport transport)
{
    private const string Target = "AWSEvents.ListTargetsByRule";

    /// <summary>The ARNs the rule targets; <see cref="AwsNotFoundException"/> or a ResourceNotFoundException when the rule does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListTargetArnsAsync(string ruleName, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["Rule"] = ruleName, ["Limit"] = 100 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var headers = new Dictionary<string, string>
            {
                ["content-type"] = "application/x-amz-json-1.1",
                ["x-amz-target"] = Target,
            };
            var response = await transport.SendAsync(
                "ListTargetsByRule", HttpMethod.Post, "/", null, Encoding.UTF8.GetBytes(request.ToJsonString()), headers, cancellationToken).ConfigureAwait(false);
            var page = JsonNode.Parse(response.Body) as JsonObject
                ?? throw new AwsServiceException(response.StatusCode, "MalformedResponse", "ListTargetsByRule: the answer is not a JSON object");
            arns.AddRange((page["Targets"] as JsonArray ?? []).OfType<JsonObject>().Select(t => (string?)t["Arn"]).OfType<string>());
            token = (string?)page["NextToken"];
        }
        while (!string.IsNullOrEmpty(token));

        return arns;
    }

    /// <summary>How EventBridge says "no such rule" (400 ResourceNotFoundException).</summary>
    public static bool IsMissing(Exception e) =>
        e is AwsNotFoundException || (e is AwsServiceException s && s.ErrorType == "ResourceNotFoundException");
}
