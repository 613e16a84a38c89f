using Lunora.Worker.Aws;
using Lunora.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Lunora.Worker.Tests.Telemetry;

[Collection(MeterRecordingCollection.Name)]
public sealed class LunoraMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private System.Diagnostics.Metrics.IMeterFactory Meters => _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Failover_Recorded_CountedByChannelDestinationAndReason()
    {
        var metrics = new LunoraMetrics(Meters, TimeProvider.System);
        using var failovers = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.failovers");

        metrics.Failover("c1", "yt", "failover");

        var measurement = Assert.Single(failovers.GetMeasurementSnapshot(), m => m.Value == 1);
        Assert.Equal("c1", measurement.Tags["lunora.channel"]);
        Assert.Equal("yt", measurement.Tags["lunora.destination"]);
        Assert.Equal("failover", measurement.Tags["lunora.reason"]);
        Assert.Equal("{failover}", failovers.Instrument!.Unit);
    }

    [Fact]
    public void DestinationStatus_FirstReport_FailoverSeriesStartAtZeroBeforeTheFirstFailover()
    {
        // The collector's EMF exporter drops the first point of a cumulative series: the first failover must be a
        // change from 0, or the FailoverStorm alarm never sees it.
        var metrics = new LunoraMetrics(Meters, TimeProvider.System);
        using var failovers = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.failovers");

        metrics.DestinationStatus("c1", "yt", "streaming");

        var zeros = failovers.GetMeasurementSnapshot();
        Assert.Equal(["failback", "failover"], zeros.Where(m => m.Value == 0 && (string?)m.Tags["lunora.destination"] == "yt" && (string?)m.Tags["lunora.channel"] == "c1").Select(m => (string)m.Tags["lunora.reason"]!).Order());
    }

    [Fact]
    public void Constructor_EveryAwsOperation_ThrottleAndRetrySeriesStartAtZero()
    {
        using var throttles = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.aws.throttles");
        using var retries = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.aws.retries");

        _ = new LunoraMetrics(Meters, TimeProvider.System);

        foreach (var collector in new[] { throttles, retries })
        {
            var series = collector.GetMeasurementSnapshot().Where(m => m.Value == 0).Select(m => $"{m.Tags["aws.service"]}:{m.Tags["aws.operation"]}").ToHashSet();
            Assert.Contains("medialive:UpdateChannel", series);
            Assert.Contains("medialive:StartChannel", series);
            Assert.Contains("monitoring:GetMetricData", series);
        }
    }

    [Fact]
    public void ChannelRunning_NotTheLeader_CountsNoCost()
    {
        var metrics = new LunoraMetrics(Meters, TimeProvider.System);
        using var cost = new MetricCollector<double>(Meters, LunoraMetrics.MeterName, "lunora.channel.estimated_cost");
        var leader = false;
        metrics.ObserveLeadership(() => leader);

        metrics.ChannelRunning("c1", TimeSpan.FromHours(1), 1.5m);
        leader = true;
        metrics.ChannelRunning("c1", TimeSpan.FromHours(2), 1.5m);

        Assert.Equal(3.0, cost.GetMeasurementSnapshot().Sum(m => m.Value), 6);
    }

    [Fact]
    public void TerminalFailure_ForbiddenError_CountedWithBoundedReasonAndChannelUnready()
    {
        var metrics = new LunoraMetrics(Meters, TimeProvider.System);
        using var errors = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.reconcile.terminal_errors");
        metrics.ReconcileCompleted("c1");

        metrics.TerminalFailure("c1", new AwsForbiddenException("AccessDeniedException", "User arn:aws:iam::1:role/x is not authorized"));

        var one = Assert.Single(errors.GetMeasurementSnapshot(), m => m.Value == 1);
        Assert.Equal("c1", one.Tags["lunora.channel"]);
        Assert.Equal(TerminalReasons.Forbidden, one.Tags["lunora.reason"]);
        Assert.Equal(TerminalReasons.Forbidden, metrics.Progress.Channels["c1"].TerminalReason);
    }

    [Fact]
    public void ReconcileCompleted_AfterTerminalFailure_ClearsTheTerminalReason()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var metrics = new LunoraMetrics(Meters, time);

        metrics.TerminalFailure("c1", new InvalidOperationException("x"));
        time.Advance(TimeSpan.FromSeconds(5));
        metrics.ReconcileCompleted("c1");

        Assert.Null(metrics.Progress.Channels["c1"].TerminalReason);
        Assert.Equal(time.GetUtcNow(), metrics.Progress.NewestCompletion);
    }

    [Fact]
    public void ChannelState_FirstSight_PerChannelSeriesStartAtZero()
    {
        var metrics = new LunoraMetrics(Meters, TimeProvider.System);
        using var runs = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.reconcile.runs");
        using var cost = new MetricCollector<double>(Meters, LunoraMetrics.MeterName, "lunora.channel.estimated_cost");
        using var terminal = new MetricCollector<long>(Meters, LunoraMetrics.MeterName, "lunora.reconcile.terminal_errors");

        metrics.ChannelState("c1", "Idle");
        metrics.ChannelState("c1", "Running");

        Assert.Equal(6, runs.GetMeasurementSnapshot().Count(m => m.Value == 0 && (string?)m.Tags["lunora.channel"] == "c1"));
        Assert.Equal(0, Assert.Single(cost.GetMeasurementSnapshot()).Value);
        Assert.Equal(TerminalReasons.All.Count, terminal.GetMeasurementSnapshot().Count(m => m.Value == 0));
    }
}
