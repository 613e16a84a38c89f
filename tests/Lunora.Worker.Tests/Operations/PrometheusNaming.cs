using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Tests.Operations;

/// <summary>
/// How OpenTelemetry's Prometheus exporters (the scrape endpoint and the collector's remote write) name an instrument
/// and its attributes: dots to underscores, the unit as a suffix (seconds spelled out, annotations like {call} dropped),
/// _total for counters, _bucket/_sum/_count for histograms. DashboardTests confirms these rules against a real scrape.
/// </summary>
internal static class PrometheusNaming
{
    public static IEnumerable<string> Names(string name, string unit, MetricKind kind)
    {
        var baseName = name.Replace('.', '_');
        var suffix = unit switch
        {
            "s" => "_seconds",
            _ when unit.StartsWith('{') => "",
            "" => "",
            _ => "_" + unit,
        };
        var full = baseName + suffix;
        return kind switch
        {
            MetricKind.Counter => [full + "_total"],
            MetricKind.Histogram => [full + "_bucket", full + "_sum", full + "_count"],
            _ => [full],
        };
    }

    public static string Label(string key) => key.Replace('.', '_');

    /// <summary>Every Prometheus series name of the catalogue, with its instrument.</summary>
    public static Dictionary<string, MetricInstrument> Catalogue() =>
        LunoraMetrics.Instruments
            .SelectMany(i => Names(i.Name, i.Unit, i.Kind).Select(n => (n, i)))
            .ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
}
