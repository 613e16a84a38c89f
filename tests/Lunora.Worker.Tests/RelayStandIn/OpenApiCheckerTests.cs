using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>The checker itself: it must catch what it exists to catch, or an empty violation list proves nothing.</summary>
public class OpenApiCheckerTests
{
    [Fact]
    public void CheckSchema_ForwardDestAsMediaMtxSendsIt_Conforms()
    {
        var dest = JsonNode.Parse("""{"id":"2b51631b-866a-4345-990d-b0ee0e7ddd4b","pos":0,"created":"2026-12-07T00:13:39Z","conf":{"dest":"rtmp://h/app#k","destFingerprint":"","whipBearerToken":""},"protocol":"rtmp","state":"forwarding","lastError":"","outboundBytes":12}""");

        Assert.Empty(OpenApiChecker.Instance.CheckSchema("ForwardDest", dest));
    }

    [Theory]
    [InlineData("""{"state":"running"}""", "not one of")]
    [InlineData("""{"id":"not-a-uuid"}""", "not a UUID")]
    [InlineData("""{"outboundBytes":-1}""", "negative")]
    [InlineData("""{"outboundBytes":"12"}""", "string where integer")]
    [InlineData("""{"bogus":1}""", "'bogus' is not in the schema")]
    [InlineData("""{"conf":{"dest":1}}""", "integer where string")]
    public void CheckSchema_ForwardDestWrong_Violates(string json, string expected)
    {
        var violations = OpenApiChecker.Instance.CheckSchema("ForwardDest", JsonNode.Parse(json));

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckRequest_ForwardGetWithoutId_Violates()
    {
        var violations = OpenApiChecker.Instance.CheckRequest("GET", new Uri("http://h/v3/paths/forward/get?path=p"), null, hasBody: false);

        Assert.Contains(violations, v => v.Contains("'id' missing", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckRequest_UnknownOperationOrMissingBody_Violates()
    {
        Assert.NotEmpty(OpenApiChecker.Instance.CheckRequest("PUT", new Uri("http://h/v3/config/paths/add/p"), null, hasBody: false));
        Assert.NotEmpty(OpenApiChecker.Instance.CheckRequest("POST", new Uri("http://h/v3/config/paths/add/p"), null, hasBody: false));
        Assert.Empty(OpenApiChecker.Instance.CheckRequest("POST", new Uri("http://h/v3/config/paths/add/a/b"), new JsonObject { ["source"] = "rtmp://x/y" }, hasBody: true));
    }

    [Fact]
    public void CheckResponse_UndocumentedStatus_Violates()
    {
        var violations = OpenApiChecker.Instance.CheckResponse("POST", new Uri("http://h/v3/config/paths/add/p"), 404, "application/json", JsonNode.Parse("""{"status":"error","error":"x"}"""));

        Assert.Contains(violations, v => v.Contains("404 is not documented", StringComparison.Ordinal));
    }
}
