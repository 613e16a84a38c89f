using System.Diagnostics.Metrics;
using Lunora.Worker.Commands;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>
/// <see cref="LunoraMetrics.Instruments"/> is what the dashboard, alarm and runbook checks trust, so it is held here to
/// what the code really records: every instrument of the meter, its unit, every attribute key, and every value of a
/// closed set, seen by a <see cref="MeterListener"/> while each recording method runs.
/// </summary>
[Collection(MeterRecordingCollection.Name)]
public sealed class MetricCatalogueTests
{
    [Fact]
    public void Instruments_EverythingTheCodeRecords_IsInTheCatalogueWithItsUnitLabelsAndValues()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var seen = new List<(string Name, string? Unit, Dictionary<string, string?> Tags)>();
        var published = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LunoraMetrics.MeterName)
            {
                lock (published)
                {
                    published[instrument.Name] = instrument.Unit;
                }

                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            var dict = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                dict[tag.Key] = tag.Value?.ToString();
            }

            lock (seen)
            {
                seen.Add((instrument.Name, instrument.Unit, dict));
            }
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();

        var metrics = new LunoraMetrics(factory, TimeProvider.System);
        var commands = new CommandMetrics(factory);
        metrics.ObserveLeadership(() => true);
        metrics.ObserveReadiness(() => true);
        metrics.ObserveChannelReadiness(_ => true);
        metrics.ObserveQueue(() => 2);
        metrics.ChannelState("c1", "Running");
        metrics.ReconcileRun("c1", "converged", TimeSpan.FromSeconds(1));
        metrics.ReconcileCompleted("c1");
        metrics.TerminalFailure("c1", null);
        metrics.PlannedAction("start_channel");
        metrics.QueueWait(TimeSpan.FromSeconds(1));
        metrics.ChannelRunning("c1", TimeSpan.FromMinutes(1), 1.5m);
        metrics.DestinationStatus("c1", "d1", "streaming");
        metrics.Failover("c1", "d1", "failover");
        metrics.HealthSignal("c1", DateTimeOffset.UnixEpoch);
        metrics.AwsCall("medialive", "UpdateChannel", "throttled", TimeSpan.FromSeconds(1));
        metrics.AwsRetry("medialive", "UpdateChannel");
        commands.Handled("start", "applied");
        commands.Rejected("nonsense", CommandRejection.NotJson);
        listener.RecordObservableInstruments();

        var catalogue = LunoraMetrics.Instruments.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, unit) in published)
        {
            if (!catalogue.TryGetValue(name, out var entry))
            {
                problems.Add($"{name} is registered but not in LunoraMetrics.Instruments");
            }
            else if (entry.Unit != unit)
            {
                problems.Add($"{name}: unit {unit} registered, {entry.Unit} in the catalogue");
            }
        }

        problems.AddRange(catalogue.Keys.Where(n => !published.ContainsKey(n)).Select(n => $"{n} is in the catalogue but no code registers it"));
        problems.AddRange(catalogue.Keys.Where(n => seen.All(s => s.Name != n)).Select(n => $"{n} recorded nothing in this test: exercise it"));
        foreach (var (name, _, tags) in seen)
        {
            if (!catalogue.TryGetValue(name, out var entry))
            {
                continue;
            }

            foreach (var (key, value) in tags)
            {
                if (!entry.Labels.TryGetValue(key, out var values))
                {
                    problems.Add($"{name} recorded label {key}, which the catalogue does not list");
                }
                else if (values is not null && !values.Contains(value!))
                {
                    problems.Add($"{name} recorded {key}={value}, not among the catalogue's values");
                }
            }

            foreach (var key in entry.Labels.Keys.Where(k => !tags.ContainsKey(k)).Where(_ => tags.Count > 0))
            {
                problems.Add($"{name} recorded a point without label {key}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }
}
