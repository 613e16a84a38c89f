using System.Net;
using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using Lunora.Worker.Loop;

namespace Lunora.Worker.Tests.Loop;

/// <summary>SSM and DynamoDB throttle with a 400 and an error code: transient like any other throttling, never terminal.</summary>
public sealed class ReconcileFailureClassifierThrottlingTests
{
    public static TheoryData<Exception> Throttled() => new()
    {
        new AmazonSimpleSystemsManagementException("Rate exceeded") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest },
        new AmazonDynamoDBException("Rate of requests exceeds the allowed throughput.") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest },
        new AmazonDynamoDBException("Too many requests") { ErrorCode = "RequestLimitExceeded", StatusCode = HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Throttled))]
    public void IsTransient_ThrottlingFromSsmOrDynamoDb_True(Exception error) =>
        Assert.True(new ReconcileFailureClassifier().IsTransient(error));

    [Fact]
    public void IsTransient_AccessDeniedFromSsm_StillTerminal() =>
        Assert.False(new ReconcileFailureClassifier().IsTransient(
            new AmazonSimpleSystemsManagementException("not authorized") { ErrorCode = "AccessDeniedException", StatusCode = HttpStatusCode.BadRequest }));
}
