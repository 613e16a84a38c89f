using System.Net;
using Amazon.DynamoDBv2.Model;
using Lunora.Worker.Aws;
using Lunora.Worker.Loop;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Tests.Loop;

public sealed class ReconcileFailureClassifierTests
{
    private readonly ReconcileFailureClassifier _classifier = new();

    public static TheoryData<Exception> Terminal() =>
    [
        new AwsNotFoundException("Channel 1 not found"),
        new AwsForbiddenException("denied"),
        new AwsUnprocessableEntityException("invalid"),
        new AwsBadRequestException("BadRequestException", "bad"),
        new UnreadableChannelException("Unknown channel state 'MELTING'."),
        new ResourceNotFoundException("table gone") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ResourceNotFoundException" },
    ];

    public static TheoryData<Exception> Transient() =>
    [
        AwsErrorParser.Create(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded", []),
        AwsErrorParser.Create(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "slow down", []),
        AwsErrorParser.Create(HttpStatusCode.InternalServerError, "InternalServerErrorException", "oops", []),
        new ProvisionedThroughputExceededException("slow down") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ProvisionedThroughputExceededException" },
        new Amazon.Runtime.AmazonServiceException("Rate exceeded") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ThrottlingException", ErrorType = Amazon.Runtime.ErrorType.Sender },
        new ConditionalCheckFailedException("race") { StatusCode = HttpStatusCode.BadRequest },
        new InvalidOperationException("nobody foresaw this"),
        new HttpRequestException("connection reset"),
    ];

    [Theory]
    [MemberData(nameof(Terminal))]
    public void IsTransient_NamedTerminalCase_False(Exception error) => Assert.False(_classifier.IsTransient(error));

    [Theory]
    [MemberData(nameof(Transient))]
    public void IsTransient_ThrottlingServerErrorOrUnforeseen_True(Exception error) => Assert.True(_classifier.IsTransient(error));
}
