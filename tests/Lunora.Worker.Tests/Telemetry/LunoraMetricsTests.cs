using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Lunora.Worker.Tests.Telemetry;

public sealed class LunoraMetricsTests
{
    [Fact]
    public void Failover_Recorded_CountedByDestinationAndReason()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var metrics = new LunoraMetrics(meters, TimeProvider.System);
        using var failovers = new MetricCollector<long>(meters, LunoraMetrics.MeterName, "lunora.failovers");

        metrics.Failover("yt", "failover");

        var measurement = Assert.Single(failovers.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("yt", measurement.Tags["lunora.destination"]);
        Assert.Equal("failover", measurement.Tags["lunora.reason"]);
        Assert.Equal("{failover}", failovers.Instrument!.Unit);
    }

    [Fact]
    public void ChannelState_FirstSight_PerChannelSeriesStartAtZero()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var metrics = new LunoraMetrics(meters, TimeProvider.System);
        using var runs = new MetricCollector<long>(meters, LunoraMetrics.MeterName, "lunora.reconcile.runs");
        using var cost = new MetricCollector<double>(meters, LunoraMetrics.MeterName, "lunora.channel.estimated_cost");

        metrics.ChannelState("c1", "Idle");
        metrics.ChannelState("c1", "Running");

        Assert.Equal(6, runs.GetMeasurementSnapshot().Count(m => m.Value == 0 && (string?)m.Tags["lunora.channel"] == "c1"));
        Assert.Equal(0, Assert.Single(cost.GetMeasurementSnapshot()).Value);
    }
}
