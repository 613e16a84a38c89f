using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>What deploy/lunora-relay.yaml promises about reachability, credentials and the pinned image (cfn-lint checks the rest).</summary>
public class RelayTemplateTests
{
    private static readonly string TemplatePath = Path.Combine(RepositoryPaths.Root, "deploy", "lunora-relay.yaml");

    private static readonly Lazy<YamlMappingNode> Root = new(() =>
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(TemplatePath);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    [Fact]
    public void Image_DefaultAndPattern_PinMediaMtx1201()
    {
        var image = (YamlMappingNode)Parameters["RelayImage"];
        var pattern = new Regex(Scalar(image["AllowedPattern"]));

        Assert.Equal("bluenviron/mediamtx:1.20.1", Scalar(image["Default"]));
        Assert.Matches(pattern, "111122223333.dkr.ecr.us-west-2.amazonaws.com/mirror/mediamtx:1.20.1");
        Assert.DoesNotMatch(pattern, "bluenviron/mediamtx:latest");
        Assert.DoesNotMatch(pattern, "bluenviron/mediamtx:1.20.2");
    }

    [Fact]
    public void ApiPort_OnlyFromTheWorkerSecurityGroup()
    {
        var rules = Ingress("RelaySecurityGroup").Where(r => Scalar(r["FromPort"]) == "9997").ToList();

        var rule = Assert.Single(rules);
        Assert.Equal("WorkerSecurityGroupId", Scalar(rule["SourceSecurityGroupId"]));
        Assert.DoesNotContain(Ingress("RelaySecurityGroup"), r => r.Children.ContainsKey("CidrIp"));
    }

    [Fact]
    public void Ingest_OnlyFromTheChannelsEgressAddresses()
    {
        Assert.All(Ingress("IngestSecurityGroup"), r => Assert.Equal("ChannelEgressCidr0", Scalar(r["CidrIp"])));
        var extra = (YamlMappingNode)((YamlMappingNode)Resources["IngestIngressPipeline1"])["Properties"];
        Assert.Equal("ChannelEgressCidr1", Scalar(extra["CidrIp"]));
    }

    [Fact]
    public void Credentials_OnlyResolvedFromSecretsManagerAndOnlyTheirHashesReachTheTask()
    {
        var text = File.ReadAllText(TemplatePath);
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Resources["TaskDefinition"])["Properties"])["ContainerDefinitions"])[0];
        var environment = ((YamlSequenceNode)container["Environment"]).OfType<YamlMappingNode>().ToDictionary(e => Scalar(e["Name"]), e => Scalar(e["Value"]));

        foreach (var (name, value) in environment.Where(e => e.Key.EndsWith("_PASS", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^\{\{resolve:secretsmanager:\$\{[A-Za-z]+SecretArn\}:SecretString:passArgon2\}\}$", value);
        }

        Assert.Equal(2, environment.Count(e => e.Key.EndsWith("_PASS", StringComparison.Ordinal)));
        Assert.Equal("api", environment["MTX_AUTHINTERNALUSERS_2_PERMISSIONS_0_ACTION"]);
        Assert.DoesNotContain("SecretString:pass}}", text, StringComparison.Ordinal);
        Assert.Equal("yes", environment["MTX_API"]);
    }

    [Fact]
    public void Services_OneTaskEachReplacedNotDoubled()
    {
        foreach (var name in new[] { "RelayServiceA", "RelayServiceB" })
        {
            var properties = (YamlMappingNode)((YamlMappingNode)Resources[name])["Properties"];
            var deployment = (YamlMappingNode)properties["DeploymentConfiguration"];
            Assert.Equal(("1", "100"), (Scalar(properties["DesiredCount"]), Scalar(deployment["MaximumPercent"])));
        }
    }

    private static YamlMappingNode Parameters => (YamlMappingNode)Root.Value["Parameters"];

    private static YamlMappingNode Resources => (YamlMappingNode)Root.Value["Resources"];

    private static IEnumerable<YamlMappingNode> Ingress(string group) =>
        ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Resources[group])["Properties"])["SecurityGroupIngress"]).OfType<YamlMappingNode>();

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
