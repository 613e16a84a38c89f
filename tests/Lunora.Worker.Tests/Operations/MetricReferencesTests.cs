using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Worker.Telemetry;
using Lunora.Worker.Tests.Deploy;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// What on-call reads names only what the worker registers (<see cref="LunoraMetrics.Instruments"/>, itself held to the
/// code by MetricCatalogueTests): the Grafana dashboard's metric names, label keys and label values, the alarms' metric
/// names and dimensions, and the runbook's metric and label names. Every dashboard query on a per-channel metric
/// honours the <c>$channel</c> variable.
/// </summary>
public sealed partial class MetricReferencesTests
{
    private static readonly string DashboardPath = Path.Combine(RepositoryPaths.Root, "deploy", "dashboards", "lunora.json");
    private static readonly string RunbookPath = Path.Combine(RepositoryPaths.Root, "docs", "runbook.md");

    /// <summary>Labels Prometheus itself adds: the histogram bucket bound and the target's identity.</summary>
    private static readonly HashSet<string> PrometheusLabels = new(StringComparer.Ordinal) { "le", "instance", "job" };

    [Fact]
    public void Dashboard_EveryMetricLabelAndValue_RegisteredByTheCode()
    {
        var problems = DashboardProblems(JsonNode.Parse(File.ReadAllText(DashboardPath))!);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Dashboard_EveryPanelAndQuery_UsesTheDatasourceVariable()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardPath))!;
        var fixedSources = new List<string>();
        foreach (var panel in dashboard["panels"]!.AsArray().OfType<JsonObject>().Where(p => (string?)p["type"] != "row"))
        {
            foreach (var node in new[] { panel }.Concat((panel["targets"] as JsonArray ?? []).OfType<JsonObject>()))
            {
                if ((string?)node["datasource"]?["uid"] != "${datasource}")
                {
                    fixedSources.Add($"{panel["title"]}: datasource {node["datasource"]?.ToJsonString() ?? "(none)"}");
                }
            }
        }

        Assert.True(fixedSources.Count == 0, string.Join("\n", fixedSources));
    }

    [Fact]
    public void DashboardProblems_UnknownMetricLabelAndValue_EachReported()
    {
        var dashboard = JsonNode.Parse("""
            {"panels":[
              {"targets":[{"expr":"sum by (lunora_outcome) (rate(lunora_reconcile_runs_total{lunora_channel=~\"$channel\"}[5m]))"}]},
              {"targets":[{"expr":"sum(rate(lunora_commands_handled_total[5m]))"}]},
              {"targets":[{"expr":"sum(rate(lunora_reconcile_runs_total{lunora_channel=~\"$channel\", lunora_result=\"failed\"}[5m]))"}]},
              {"targets":[{"expr":"sum by (lunora_destination) (increase(lunora_failovers_total[15m]))"}]}
            ]}
            """)!;

        var problems = DashboardProblems(dashboard);

        Assert.Contains(problems, p => p.Contains("label lunora_outcome", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lunora_commands_handled_total", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lunora_result=\"failed\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("$channel", StringComparison.Ordinal));
    }

    [Fact]
    public void Alarms_EveryLunoraMetricAndDimension_RegisteredByTheCode()
    {
        var catalogue = LunoraMetrics.Instruments.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (alarm, metric, dimensions, _) in AlarmReferences.Lunora(WorkerTemplate.Load(RepositoryPaths.Template)))
        {
            if (!catalogue.TryGetValue(metric, out var instrument))
            {
                problems.Add($"alarm {alarm} reads {metric}, which the worker does not register");
                continue;
            }

            problems.AddRange(dimensions.Where(d => !instrument.Labels.ContainsKey(d)).Select(d => $"alarm {alarm} filters {metric} on dimension {d}, which it does not carry"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Runbook_EveryMetricAndLabelItNames_RegisteredByTheCode()
    {
        var problems = RunbookProblems(File.ReadAllText(RunbookPath));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void RunbookProblems_MetricsThatDoNotExist_Reported()
    {
        var problems = RunbookProblems("| `lunora.commands.handled` by `lunora.result`, `lunora.reconcile.runs` by `lunora.outcome` | x |");

        Assert.Contains(problems, p => p.Contains("lunora.commands.handled", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lunora.outcome", StringComparison.Ordinal));
    }

    private static List<string> DashboardProblems(JsonNode dashboard)
    {
        var catalogue = PrometheusNaming.Catalogue();
        var allLabels = LunoraMetrics.Instruments.SelectMany(i => i.Labels.Keys).Select(PrometheusNaming.Label).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (expression, isTarget) in Expressions(dashboard))
        {
            var withoutStrings = QuotedString().Replace(expression, "\"\"");
            var labelNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match group in Grouping().Matches(withoutStrings))
            {
                labelNames.UnionWith(group.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }

            var matchers = Matcher().Matches(expression).Select(m => (Key: m.Groups["key"].Value, Op: m.Groups["op"].Value, Value: m.Groups["value"].Value)).ToList();
            labelNames.UnionWith(matchers.Select(m => m.Key));
            foreach (Match lv in LabelValues().Matches(expression))
            {
                labelNames.Add(lv.Groups["label"].Value);
            }

            var bare = LabelValues().Replace(Grouping().Replace(Matchers().Replace(withoutStrings, ""), ""), "$1");
            var metrics = new List<MetricInstrument>();
            foreach (Match token in MetricToken().Matches(bare))
            {
                if (catalogue.TryGetValue(token.Value, out var instrument))
                {
                    metrics.Add(instrument);
                }
                else if (!allLabels.Contains(token.Value))
                {
                    problems.Add($"`{expression}` queries {token.Value}, which the worker does not register");
                }
            }

            foreach (var label in labelNames.Where(l => !PrometheusLabels.Contains(l)))
            {
                foreach (var metric in metrics.Distinct().Where(m => !m.Labels.Keys.Select(PrometheusNaming.Label).Contains(label)))
                {
                    problems.Add($"`{expression}` uses label {label}, which {metric.Name} does not carry");
                }
            }

            foreach (var (key, op, value) in matchers.Where(m => m.Op is "=" or "!=" && !m.Value.Contains('$')))
            {
                foreach (var metric in metrics.Distinct())
                {
                    var values = metric.Labels.FirstOrDefault(l => PrometheusNaming.Label(l.Key) == key).Value;
                    if (values is not null && !values.Contains(value))
                    {
                        problems.Add($"`{expression}` matches {key}{op}\"{value}\", a value {metric.Name} never has ({string.Join(", ", values)})");
                    }
                }
            }

            // A panel on a per-channel metric follows the dashboard's channel picker.
            if (isTarget && metrics.Any(m => m.Labels.ContainsKey("lunora.channel")) && !matchers.Any(m => m.Key == "lunora_channel" && m.Value.Contains("$channel", StringComparison.Ordinal)))
            {
                problems.Add($"`{expression}` reads a per-channel metric but ignores $channel");
            }
        }

        return problems;
    }

    private static List<string> RunbookProblems(string markdown)
    {
        var names = LunoraMetrics.Instruments.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var labels = LunoraMetrics.Instruments.SelectMany(i => i.Labels.Keys).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (Match code in DottedName().Matches(markdown))
        {
            var token = code.Groups["name"].Value;
            if (!names.ContainsKey(token) && !labels.Contains(token))
            {
                problems.Add($"the runbook names `{token}`, which is neither a metric nor a label the worker registers");
            }
        }

        foreach (Match by in MetricByLabel().Matches(markdown))
        {
            var (metric, label) = (by.Groups["metric"].Value, by.Groups["label"].Value);
            if (names.TryGetValue(metric, out var instrument) && !instrument.Labels.ContainsKey(label))
            {
                problems.Add($"the runbook reads `{metric}` by `{label}`, which it does not carry");
            }
        }

        foreach (Match value in LabelEqualsValue().Matches(markdown))
        {
            var (label, text) = (value.Groups["label"].Value, value.Groups["value"].Value);
            var closed = LunoraMetrics.Instruments.Where(i => i.Labels.ContainsKey(label)).Select(i => i.Labels[label]).ToList();
            if (closed.Count > 0 && closed.All(v => v is not null && !v.Contains(text)))
            {
                problems.Add($"the runbook names `{label}={text}`, a value that label never has");
            }
        }

        return problems;
    }

    // Every target "expr" (a panel query) and templating "query", with which it is.
    private static List<(string Expression, bool IsTarget)> Expressions(JsonNode dashboard)
    {
        var into = new List<(string, bool)>();
        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key is "expr" or "query" && value is JsonValue v && v.TryGetValue<string>(out var text))
                        {
                            into.Add((text, key == "expr"));
                        }
                        else
                        {
                            Collect(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item);
                    }

                    break;
            }
        }

        Collect(dashboard);
        return into;
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>[^""]*)""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*(?<label>[a-zA-Z0-9_]+)\s*\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\blunora_[a-zA-Z0-9_]+")]
    private static partial Regex MetricToken();

    [GeneratedRegex(@"`(?<name>lunora\.[a-z_]+(?:\.[a-z_]+)*)`")]
    private static partial Regex DottedName();

    [GeneratedRegex(@"`(?<metric>lunora\.[a-z_.]+)`\s+by\s+`(?<label>[a-z_.]+)`")]
    private static partial Regex MetricByLabel();

    [GeneratedRegex(@"`(?<label>[a-z_]+(?:\.[a-z_]+)+)=(?<value>[A-Za-z_]+)`")]
    private static partial Regex LabelEqualsValue();
}
