using Lunora.Worker.Aws;

namespace Lunora.Worker.Tests.Aws;

public sealed class AwsEndpointResolverTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void ResolveEndpoint_ServiceSpecificSet_WinsOverGlobal()
    {
        var env = Env(("AWS_ENDPOINT_URL_MEDIALIVE", "http://127.0.0.1:4510"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"));

        Assert.Equal(new Uri("http://127.0.0.1:4510"), AwsEndpointResolver.ResolveEndpoint(AwsService.MediaLive, "us-west-2", env));
    }

    [Fact]
    public void ResolveEndpoint_OnlyGlobalSet_UsesGlobal()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"), ("AWS_ENDPOINT_URL_MEDIALIVE", "http://127.0.0.1:1"));

        Assert.Equal(new Uri("http://127.0.0.1:9999"), AwsEndpointResolver.ResolveEndpoint(AwsService.CloudWatch, "us-west-2", env));
    }

    [Theory]
    [InlineData("MEDIALIVE", "https://medialive.eu-west-1.amazonaws.com/")]
    [InlineData("CLOUDWATCH", "https://monitoring.eu-west-1.amazonaws.com/")]
    public void ResolveEndpoint_NothingSet_UsesPublicRegionalEndpoint(string service, string expected)
    {
        var s = service == "MEDIALIVE" ? AwsService.MediaLive : AwsService.CloudWatch;

        Assert.Equal(new Uri(expected), AwsEndpointResolver.ResolveEndpoint(s, "eu-west-1", Env()));
    }

    [Fact]
    public void ResolveRegion_MediaLiveRegionSet_WinsOverAwsRegion()
    {
        Assert.Equal("eu-central-1", AwsEndpointResolver.ResolveRegion(Env(("MEDIALIVE_REGION", "eu-central-1"), ("AWS_REGION", "us-east-1"))));
        Assert.Equal("us-east-1", AwsEndpointResolver.ResolveRegion(Env(("AWS_REGION", "us-east-1"))));
    }
}
