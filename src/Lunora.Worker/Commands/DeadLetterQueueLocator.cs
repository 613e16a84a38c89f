using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Lunora.Worker.Commands;

/// <summary>Finds a queue's dead-letter queue from its <c>RedrivePolicy</c> (the ARN names the queue and its account).</summary>
public static class DeadLetterQueueLocator
{
    public static async Task<string?> FindAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        var attributes = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["RedrivePolicy"] },
            cancellationToken);
        if (attributes.Attributes is null || !attributes.Attributes.TryGetValue("RedrivePolicy", out var policy) || string.IsNullOrEmpty(policy))
        {
            return null;
        }

        using var document = JsonDocument.Parse(policy);
        if (!document.RootElement.TryGetProperty("deadLetterTargetArn", out var arnElement) || arnElement.GetString() is not { } arn)
        {
            return null;
        }

        // arn:aws:sqs:<region>:<account>:<name>
        var parts = arn.Split(':');
        if (parts.Length != 6)
        {
            return null;
        }

        var response = await sqs.GetQueueUrlAsync(
            new GetQueueUrlRequest { QueueName = parts[5], QueueOwnerAWSAccountId = parts[4] },
            cancellationToken);
        return response.QueueUrl;
    }
}
