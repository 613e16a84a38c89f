namespace Lunora.Worker.CloudWatch;

/// <summary>Latest input/encoder health figures for one pipeline; null when CloudWatch had no datapoint.</summary>
public sealed record PipelineMetrics(int Pipeline, double? FillMsec, double? DroppedFrames, double? InputVideoFrameRate, double? NetworkIn);
