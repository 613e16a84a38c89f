using Amazon.Runtime;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Tests.Aws;

// Vectors from AWS's published Signature Version 4 test suite (get-vanilla, get-vanilla-query-order-key-case).
public sealed class AwsRequestSignerTests
{
    private static readonly ImmutableCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Sign_GetVanilla_MatchesPublishedSignature()
    {
        var headers = AwsRequestSigner.Sign(
            "GET", new Uri("https://example.amazonaws.com/"), [], new Dictionary<string, string>(), [], Example, "us-east-1", "service", At);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            headers["Authorization"]);
        Assert.Equal("20150830T123600Z", headers["X-Amz-Date"]);
    }

    [Fact]
    public void Sign_GetVanillaQueryOrderKeyCase_SortsQueryBeforeSigning()
    {
        var headers = AwsRequestSigner.Sign(
            "GET",
            new Uri("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
            [new("Param2", "value2"), new("Param1", "value1")],
            new Dictionary<string, string>(),
            [],
            Example,
            "us-east-1",
            "service",
            At);

        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_SessionCredentials_AddsAndSignsSecurityToken()
    {
        var session = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token-1");

        var headers = AwsRequestSigner.Sign(
            "GET", new Uri("https://example.amazonaws.com/"), [], new Dictionary<string, string>(), [], session, "us-east-1", "service", At);

        Assert.Equal("token-1", headers["x-amz-security-token"]);
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token", headers["Authorization"], StringComparison.Ordinal);
    }
}
