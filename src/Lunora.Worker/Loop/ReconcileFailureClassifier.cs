using System.Net;
using Amazon.Runtime;
using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Loop;

/// <summary>
/// Transient or terminal, for a whole reconcile run. Terminal is a closed list of cases where only a change by a person
/// can help: a missing channel (404), a refused permission (403), a configuration the service rejects (400, 422, not
/// throttling), an update that would touch what we do not own, a channel document we cannot read, and AWS client
/// errors (4xx) that are not throttling. Everything else, including exceptions nobody foresaw, is transient: retried
/// with jittered backoff capped at <see cref="LoopOptions.BackoffCap"/>, so a surprise costs a slow retry, never a
/// channel left unreconciled until someone notices.
/// </summary>
public sealed class ReconcileFailureClassifier : IFailureClassifier
{
    public bool IsTransient(Exception error) => !IsTerminal(error);

    private static bool IsTerminal(Exception error) => error switch
    {
        AwsNotFoundException or AwsForbiddenException or AwsUnprocessableEntityException => true,
        AwsBadRequestException => !AwsErrorClassifier.IsThrottling(error),
        UnmanagedChangeException => true,
        UnreadableChannelException => true,
        AmazonServiceException aws => aws.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
            && aws.StatusCode != HttpStatusCode.TooManyRequests
            && !AwsErrorClassifier.IsThrottlingCode(aws.ErrorCode)
            && aws is not Amazon.DynamoDBv2.Model.ConditionalCheckFailedException,
        _ => false,
    };
}
