using System.Net;
using System.Text;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Tests.Aws;

public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("ConflictException", "ConflictException")]
    [InlineData("ConflictException:http://internal.amazon.com/coral/com.amazonaws.medialive/", "ConflictException")]
    [InlineData("aws.medialive#ConflictException:http://x", "ConflictException")]
    [InlineData("  ", null)]
    public void NormalizeType_HeaderForms_StripsNamespaceAndSuffix(string raw, string? expected) =>
        Assert.Equal(expected, AwsErrorParser.NormalizeType(raw));

    [Theory]
    [InlineData(400, typeof(AwsBadRequestException))]
    [InlineData(403, typeof(AwsForbiddenException))]
    [InlineData(404, typeof(AwsNotFoundException))]
    [InlineData(409, typeof(AwsConflictException))]
    [InlineData(422, typeof(AwsUnprocessableEntityException))]
    [InlineData(429, typeof(AwsTooManyRequestsException))]
    [InlineData(500, typeof(AwsServerErrorException))]
    [InlineData(502, typeof(AwsServerErrorException))]
    [InlineData(504, typeof(AwsServerErrorException))]
    public void Parse_Status_MapsToTypedException(int status, Type expected)
    {
        var e = AwsErrorParser.Parse((HttpStatusCode)status, null, Encoding.UTF8.GetBytes("""{"message":"m"}"""));

        Assert.IsType(expected, e);
        Assert.Equal("m", e.ServiceMessage);
    }

    [Fact]
    public void Parse_422WithValidationErrors_CarriesThem()
    {
        var body = """{"message":"bad","validationErrors":[{"elementPath":"encoderSettings.outputGroups[0]","errorMessage":"nope"}]}""";

        var e = Assert.IsType<AwsUnprocessableEntityException>(AwsErrorParser.Parse((HttpStatusCode)422, "UnprocessableEntityException:x", Encoding.UTF8.GetBytes(body)));

        Assert.Equal("UnprocessableEntityException", e.ErrorType);
        Assert.Equal(new AwsValidationError("encoderSettings.outputGroups[0]", "nope"), Assert.Single(e.ValidationErrors));
    }

    [Fact]
    public void Parse_HtmlBodyFromGateway_StillClassifiesByStatus()
    {
        var e = AwsErrorParser.Parse(HttpStatusCode.BadGateway, null, Encoding.UTF8.GetBytes("<html>bad gateway</html>"));

        Assert.Equal("BadGatewayException", e.ErrorType);
        Assert.True(AwsErrorClassifier.IsTransient(e));
    }
}
