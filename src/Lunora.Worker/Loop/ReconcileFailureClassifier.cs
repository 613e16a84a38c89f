using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Loop;

/// <summary>
/// Transient or terminal, for a whole reconcile run. Everything AWS calls transient is transient here too; so is a
/// MediaLive 409, which means the channel moved under us (another actor, or a transition we raced): re-read and re-plan.
/// Terminal means only a change by a person can help: a missing channel, a refused permission, a configuration the
/// service rejects (422), an update that would touch what we do not own.
/// </summary>
public sealed class ReconcileFailureClassifier : IFailureClassifier
{
    public bool IsTransient(Exception error) => error switch
    {
        AwsConflictException => true,
        AwsServiceException => AwsErrorClassifier.IsTransient(error),
        ConditionalCheckFailedException => true,
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        AmazonServiceException aws => AwsErrorClassifier.IsThrottlingCode(aws.ErrorCode)
            || aws.StatusCode >= HttpStatusCode.InternalServerError
            || aws.StatusCode == HttpStatusCode.TooManyRequests
            || aws.ErrorType == ErrorType.Unknown && aws.StatusCode == 0,
        AmazonClientException => true,
        TimeoutException => true,
        _ => AwsErrorClassifier.IsTransient(error),
    };
}
