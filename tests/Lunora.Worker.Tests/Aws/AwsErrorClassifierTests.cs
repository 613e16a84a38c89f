using System.Net;
using System.Net.Sockets;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Tests.Aws;

public sealed class AwsErrorClassifierTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        { new AwsTooManyRequestsException("t", "slow down"), true },
        { new AwsServerErrorException(HttpStatusCode.InternalServerError, "InternalServerErrorException", ""), true },
        { new AwsServerErrorException(HttpStatusCode.BadGateway, "BadGatewayException", ""), true },
        { new AwsServerErrorException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", ""), true },
        { new AwsServerErrorException(HttpStatusCode.GatewayTimeout, "GatewayTimeoutException", ""), true },
        { new AwsTimeoutException("timed out"), true },
        { new HttpRequestException("connection reset", new SocketException((int)SocketError.ConnectionReset)), true },
        { new IOException("reset"), true },
        { new AwsBadRequestException("b", ""), false },
        { new AwsBadRequestException("Throttling", "Rate exceeded"), true },
        { new AwsBadRequestException("RequestTimeoutException", ""), true },
        { new AwsForbiddenException("f", ""), false },
        { new AwsNotFoundException("n", ""), false },
        { new AwsConflictException("c", ""), false },
        { new AwsUnprocessableEntityException("u", "", []), false },
        { new OperationCanceledException(), false },
        { new TaskCanceledException(), false },
        { new InvalidOperationException(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsTransient_Exception_ClassifiesAsDocumented(Exception exception, bool expected) =>
        Assert.Equal(expected, AwsErrorClassifier.IsTransient(exception));
}
