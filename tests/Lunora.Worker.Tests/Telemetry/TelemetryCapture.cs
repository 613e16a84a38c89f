using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>
/// Everything the worker's telemetry emits, through in-memory exporters added to its own OpenTelemetry pipeline (the
/// services hook) and a logger provider that sees every line: what an operator's backends would receive.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<List<MetricSnapshot>> _batches = [];
    private Dictionary<string, CapturedMetric>? _frozen;
    private readonly List<Activity> _spans = [];

    public CapturingLoggerProvider Logger { get; } = new();

    public IReadOnlyList<CapturedLog> Logs => Logger.Logs;

    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>
    /// Each metric's series from the newest export (temporality is cumulative, so it holds every series). A name can
    /// have several streams: the SDK listens to every meter of that name in the process (the CLI verbs the scenario
    /// runs in-process make their own), so the points of all of them are merged.
    /// </summary>
    public IReadOnlyDictionary<string, CapturedMetric> Metrics => _frozen ?? Latest();

    /// <summary>Keeps what the newest export held, so that later exports (the host's shutdown) do not replace it.</summary>
    public void FreezeMetrics() => _frozen = Latest();

    private Dictionary<string, CapturedMetric> Latest()
    {
        {
            lock (_metrics)
            {
                var latest = new Dictionary<string, CapturedMetric>(StringComparer.Ordinal);
                var lastBatch = _batches.Count == 0 ? [] : _batches[^1];
                foreach (var group in lastBatch.GroupBy(m => m.Name, StringComparer.Ordinal))
                {
                    latest[group.Key] = new CapturedMetric(group.First(), [.. group.SelectMany(m => m.MetricPoints)]);
                }

                return latest;
            }
        }
    }

    public bool HasMetrics
    {
        get
        {
            lock (_metrics)
            {
                return _metrics.Count > 0;
            }
        }
    }

    public void AddTo(IServiceCollection services)
    {
        Logger.AddTo(services);
        services.ConfigureOpenTelemetryMeterProvider(b => b.AddReader(new PeriodicExportingMetricReader(new LockedExporter<MetricSnapshot, Metric>(_metrics, m => new MetricSnapshot(m), () => _batches.Add([]), m => _batches[^1].Add(m)), 3_600_000)));
        services.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(new SimpleActivityExportProcessor(new LockedExporter<Activity, Activity>(_spans, a => a, () => { }, _ => { }))));
    }

    /// <summary>Collects every instrument now (observable gauges included) and exports it.</summary>
    public static void Flush(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The provider's answer is false whatever happens: the Prometheus reader only collects when scraped.
        services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        Assert.True(services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "spans flushed");
    }

    // The in-memory exporter's list is not safe to read while the host exports into it; this one locks.
    private sealed class LockedExporter<TItem, T>(List<TItem> sink, Func<T, TItem> copy, Action newBatch, Action<TItem> inBatch) : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            lock (sink)
            {
                newBatch();
                foreach (var item in batch)
                {
                    var copied = copy(item);
                    sink.Add(copied);
                    inBatch(copied);
                }
            }

            return ExportResult.Success;
        }
    }
}
