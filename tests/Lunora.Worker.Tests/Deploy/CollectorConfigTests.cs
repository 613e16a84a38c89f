using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// The ADOT collector sidecar's configuration (AOT_CONFIG_CONTENT in deploy/lunora-worker.yaml), read as the collector
/// reads it: its pipelines by name and kind, every component they name defined, and the CloudWatch side declaring
/// every metric an alarm of the template reads, with the alarm's dimensions.
/// </summary>
public sealed partial class CollectorConfigTests
{
    private static readonly Lazy<WorkerTemplate> Template = new(() => WorkerTemplate.Load(RepositoryPaths.Template));

    [Fact]
    public void Pipelines_TemplateCollector_MetricsToRemoteWriteAndEmfAndTracesToXRay()
    {
        Assert.Empty(PipelineProblems(Config()));
    }

    [Theory]
    [InlineData("traces", "no traces pipeline exports to awsxray")]
    [InlineData("metrics/cloudwatch", "no metrics pipeline exports to awsemf")]
    [InlineData("metrics/prometheus", "no metrics pipeline exports to prometheusremotewrite")]
    public void PipelineProblems_OnePipelineRemoved_NamesWhatIsMissing(string pipeline, string expected)
    {
        // The check itself: without this, a parser that found nothing would pass the test above.
        var config = Config();
        var pipelines = (YamlMappingNode)((YamlMappingNode)config["service"])["pipelines"];
        pipelines.Children.Remove(new YamlScalarNode(pipeline));

        Assert.Contains(expected, PipelineProblems(config));
    }

    [Fact]
    public void RemoteWrite_Auth_SigV4ForAmazonManagedPrometheus()
    {
        var config = Config();
        var exporter = (YamlMappingNode)((YamlMappingNode)config["exporters"])["prometheusremotewrite"];
        var authenticator = Scalar((YamlMappingNode)exporter["auth"], "authenticator");
        Assert.Equal("sigv4auth", authenticator);
        Assert.Equal("aps", Scalar((YamlMappingNode)((YamlMappingNode)config["extensions"])["sigv4auth"], "service"));
        Assert.Contains(authenticator, Sequence((YamlMappingNode)config["service"], "extensions"));
        Assert.EndsWith("api/v1/remote_write", Scalar(exporter, "endpoint"), StringComparison.Ordinal);
    }

    [Fact]
    public void Emf_EveryLunoraMetricAnAlarmReads_DeclaredWithTheAlarmsDimensions()
    {
        var emf = (YamlMappingNode)((YamlMappingNode)Config()["exporters"])["awsemf"];
        Assert.Equal("Lunora", Scalar(emf, "namespace"));
        var declarations = ((YamlSequenceNode)emf["metric_declarations"]).OfType<YamlMappingNode>()
            .Select(d => (
                Dimensions: ((YamlSequenceNode)d["dimensions"]).OfType<YamlSequenceNode>().Select(set => set.OfType<YamlScalarNode>().Select(x => x.Value!).Order(StringComparer.Ordinal).ToList()).ToList(),
                Selectors: Sequence(d, "metric_name_selectors").Select(p => new Regex(p)).ToList()))
            .ToList();

        var alarmed = AlarmReferences.Lunora(Template.Value).ToList();
        Assert.NotEmpty(alarmed);
        var problems = alarmed
            .Where(a => !declarations.Any(d => d.Selectors.Any(r => r.IsMatch(a.Metric)) && d.Dimensions.Any(set => set.SequenceEqual(a.Dimensions.Order(StringComparer.Ordinal)))))
            .Select(a => $"alarm {a.Alarm} reads {a.Metric} with dimensions [{string.Join(", ", a.Dimensions)}], which no awsemf metric_declaration sends")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Emf_LogGroup_IsTheStacksMetricsLogGroup()
    {
        var emf = (YamlMappingNode)((YamlMappingNode)Config()["exporters"])["awsemf"];
        var group = Template.Value.ResourceOfType("MetricsLogGroup", "AWS::Logs::LogGroup");
        var name = WorkerTemplate.Texts(((YamlMappingNode)group["Properties"])["LogGroupName"]).Single();

        Assert.Equal(Placeholders().Replace(name, "SUB"), Scalar(emf, "log_group_name"));
    }

    [Fact]
    public void Otlp_Receiver_ListensWhereTheWorkerSends()
    {
        var config = Config();
        var grpc = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)config["receivers"])["otlp"])["protocols"])["grpc"];
        var endpoint = Scalar(grpc, "endpoint");
        var parameters = File.ReadAllText(RepositoryPaths.Template);

        Assert.Equal("127.0.0.1:4317", endpoint);
        Assert.Contains("Default: \"http://127.0.0.1:4317\"", parameters, StringComparison.Ordinal);
    }

    /// <summary>What is wrong with the collector configuration's pipelines, in words; empty when nothing is.</summary>
    internal static List<string> PipelineProblems(YamlMappingNode config)
    {
        var problems = new List<string>();
        var service = (YamlMappingNode)config["service"];
        var pipelines = ((YamlMappingNode)service["pipelines"]).Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (YamlMappingNode)p.Value, StringComparer.Ordinal);

        bool Exports(string signal, string exporterType) => pipelines.Any(p =>
            (p.Key == signal || p.Key.StartsWith(signal + "/", StringComparison.Ordinal))
            && Sequence(p.Value, "exporters").Any(e => e.Split('/')[0] == exporterType)
            && Sequence(p.Value, "receivers").Any(r => r.Split('/')[0] == "otlp"));

        foreach (var (signal, exporter) in new[] { ("metrics", "prometheusremotewrite"), ("metrics", "awsemf"), ("traces", "awsxray") })
        {
            if (!Exports(signal, exporter))
            {
                problems.Add($"no {signal} pipeline exports to {exporter}");
            }
        }

        foreach (var (name, pipeline) in pipelines)
        {
            foreach (var section in new[] { "receivers", "processors", "exporters" })
            {
                var defined = config.Children.TryGetValue(new YamlScalarNode(section), out var node) && node is YamlMappingNode map
                    ? map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal)
                    : [];
                problems.AddRange(Sequence(pipeline, section).Where(c => !defined.Contains(c)).Select(c => $"pipeline {name} names {section[..^1]} {c}, which is not defined"));
            }
        }

        var extensions = config.Children.TryGetValue(new YamlScalarNode("extensions"), out var ext) && ext is YamlMappingNode e
            ? e.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal)
            : [];
        problems.AddRange(Sequence(service, "extensions").Where(x => !extensions.Contains(x)).Select(x => $"service enables extension {x}, which is not defined"));
        return problems;
    }

    /// <summary>
    /// The configuration as the collector receives it: CloudFormation's <c>${...}</c> substitutions become a
    /// placeholder (their values are ARNs, endpoints and names, never YAML structure).
    /// </summary>
    private static YamlMappingNode Config()
    {
        var template = Template.Value;
        var task = template.ResourcesOfType("AWS::ECS::TaskDefinition").Single();
        var text = template.ContainerEnvironmentValue(task, "otel-collector", "AOT_CONFIG_CONTENT")
                   ?? throw new InvalidOperationException("The otel-collector container has no AOT_CONFIG_CONTENT.");
        var stream = new YamlStream();
        stream.Load(new StringReader(Placeholders().Replace(text, "SUB")));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode map, string key) => WorkerTemplate.Scalar(map, key);

    private static IEnumerable<string> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq
            ? seq.OfType<YamlScalarNode>().Select(s => s.Value!)
            : [];

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex Placeholders();
}
