using Lunora.Worker.CloudWatch;

namespace Lunora.Worker.Doctor;

/// <summary>The AWS/MediaLive series of one pipeline over the doctor's window; a series is null when CloudWatch had none.</summary>
public sealed record PipelineHistory(
    int Pipeline,
    MetricSeries? FillMsec,
    MetricSeries? DroppedFrames,
    MetricSeries? InputVideoFrameRate,
    MetricSeries? NetworkIn,
    MetricSeries? InputLossSeconds = null);
