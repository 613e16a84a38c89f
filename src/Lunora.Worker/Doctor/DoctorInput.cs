using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Lunora.Domain.Desired;
using Lunora.Worker.CloudWatch;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Doctor;

/// <summary>Everything the rules look at: the channel as DescribeChannel returns it, its metrics and Lunora's destinations.</summary>
/// <param name="Desired">Lunora's destinations of the channel; null when they could not be read.</param>
public sealed record DoctorInput(JsonObject Channel, ImmutableArray<PipelineHistory> Metrics, DesiredChannel? Desired, DoctorOptions Options)
{
    /// <summary>The channel's alerts (ListAlerts, SET and recently CLEARED).</summary>
    public ImmutableArray<ChannelAlert> Alerts { get; init; } = [];

    /// <summary>DescribeInput of each input the channel has attached; empty when they could not be read.</summary>
    public ImmutableArray<JsonObject> Inputs { get; init; } = [];

    /// <summary>ActiveOutputs (Minimum) per RTMP output group and pipeline over the window; a missing key means no datapoint.</summary>
    public ImmutableDictionary<ActiveOutputsKey, MetricSeries> ActiveOutputs { get; init; } = ImmutableDictionary<ActiveOutputsKey, MetricSeries>.Empty;

    /// <summary>What a sample of the source measured; null when no sample was given or it could not be read.</summary>
    public SourceMeasurement? Source { get; init; }

    /// <summary>The source keyframe interval the rules use: measured, else stated, else unknown.</summary>
    public double? SourceKeyframeSeconds => Source?.KeyframeSeconds ?? Options.SourceKeyframeSeconds;
}
