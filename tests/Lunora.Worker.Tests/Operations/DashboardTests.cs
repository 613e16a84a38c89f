using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Worker.Telemetry;
using Lunora.Worker.Tests.Deploy;
using Lunora.Worker.Tests.Infrastructure;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// deploy/dashboards/lunora.json queries only metrics the worker emits, under the names Prometheus sees: those scraped
/// from /metrics after <see cref="OperationsScenario"/>, plus instruments that had no measurement in it, named by the
/// exporter's rules (which the scrape itself confirms).
/// </summary>
[Collection(OperationsScenarioCollection.Name)]
public sealed partial class DashboardTests(DynaliteFixture dynalite, FauxqsFixture fauxqs)
{
    private static readonly string DashboardPath = Path.Combine(RepositoryPaths.Root, "deploy", "dashboards", "lunora.json");

    /// <summary>Instruments that no scenario step records (a completed failover), with their kind and unit.</summary>
    private static readonly (string Name, string Unit, MetricKind Kind)[] Unscraped = [("lunora.failovers", "{failover}", MetricKind.Counter)];

    [Fact]
    public async Task Dashboard_EveryQueriedMetric_EmittedByTheWorker()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);
        var scraped = ScrapedNames(run.Prometheus);
        var known = new HashSet<string>(scraped, StringComparer.Ordinal);
        foreach (var (name, unit, kind) in Unscraped)
        {
            known.UnionWith(PrometheusNaming.Names(name, unit, kind));
        }

        var queried = QueriedMetrics(JsonNode.Parse(await File.ReadAllTextAsync(DashboardPath))!);

        Assert.Contains("lunora_reconcile_duration_seconds_bucket", queried);
        Assert.All(queried, name => Assert.Contains(name, known));
    }

    [Fact]
    public async Task PrometheusNames_ExporterRules_MatchWhatTheScrapeShows()
    {
        var run = await OperationsScenario.RunOnceAsync(dynalite, fauxqs);
        var scraped = ScrapedNames(run.Prometheus);

        foreach (var (name, metric) in run.Capture.Metrics)
        {
            var kind = metric.MetricType switch
            {
                OpenTelemetry.Metrics.MetricType.Histogram => MetricKind.Histogram,
                OpenTelemetry.Metrics.MetricType.LongSum or OpenTelemetry.Metrics.MetricType.DoubleSum => MetricKind.Counter,
                _ => MetricKind.Gauge,
            };
            Assert.Subset(scraped, PrometheusNaming.Names(name, metric.Unit, kind).ToHashSet(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void QueriedMetrics_LabelsAndGrouping_NotTakenForMetrics()
    {
        var dashboard = JsonNode.Parse("""
            {"panels":[{"targets":[{"expr":"sum by (lunora_channel, lunora_result) (rate(lunora_reconcile_runs_total{lunora_result!=\"converged\", lunora_channel=~\"$channel\"}[5m]))"}]}],
             "templating":{"list":[{"query":"label_values(lunora_reconcile_runs_total, lunora_channel)"}]}}
            """)!;

        Assert.Equal(["lunora_reconcile_runs_total"], QueriedMetrics(dashboard));
    }

    private static HashSet<string> ScrapedNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SampleName().Match(line).Value)
            .Where(name => name.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    private static SortedSet<string> QueriedMetrics(JsonNode dashboard)
    {
        var expressions = new List<string>();
        Collect(dashboard, expressions);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            var bare = Grouping().Replace(Matchers().Replace(LabelValues().Replace(expression, "$1"), ""), "");
            foreach (Match match in MetricToken().Matches(bare))
            {
                names.Add(match.Value);
            }
        }

        return names;
    }

    // Every "expr" of a panel target and every templating "query".
    private static void Collect(JsonNode? node, List<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "expr" or "query" && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        into.Add(text);
                    }
                    else
                    {
                        Collect(value, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, into);
                }

                break;
        }
    }

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    // Grafana's label_values(metric, label): the second argument is a label.
    [GeneratedRegex(@"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*[a-zA-Z0-9_]+\s*\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\blunora_[a-zA-Z0-9_]+")]
    private static partial Regex MetricToken();
}
