using YamlDotNet.RepresentationModel;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>The metrics in namespace Lunora that the template's alarms read (plain or in metric math), with their dimension names.</summary>
internal static class AlarmReferences
{
    public static IEnumerable<(string Alarm, string Metric, IReadOnlyList<string> Dimensions, IReadOnlyList<(string Name, string Value)> DimensionValues)> Lunora(WorkerTemplate template)
    {
        foreach (var (id, node) in template.AllResources().Where(r => WorkerTemplate.Scalar(r.Node, "Type") == "AWS::CloudWatch::Alarm"))
        {
            var properties = (YamlMappingNode)node["Properties"];
            var metrics = new List<YamlMappingNode> { properties };
            if (properties.Children.TryGetValue(new YamlScalarNode("Metrics"), out var math) && math is YamlSequenceNode queries)
            {
                metrics.AddRange(queries.OfType<YamlMappingNode>()
                    .Where(q => q.Children.ContainsKey(new YamlScalarNode("MetricStat")))
                    .Select(q => (YamlMappingNode)((YamlMappingNode)q["MetricStat"])["Metric"]));
            }

            foreach (var metric in metrics)
            {
                if (WorkerTemplate.Scalar(metric, "Namespace") != "Lunora" || WorkerTemplate.Scalar(metric, "MetricName") is not { } name)
                {
                    continue;
                }

                var dimensions = metric.Children.TryGetValue(new YamlScalarNode("Dimensions"), out var d) && d is YamlSequenceNode seq
                    ? seq.OfType<YamlMappingNode>().Select(x => (WorkerTemplate.Scalar(x, "Name")!, WorkerTemplate.Texts(x["Value"]).Single())).ToList()
                    : [];
                yield return (id, name, dimensions.Select(x => x.Item1).ToList(), dimensions);
            }
        }
    }
}
