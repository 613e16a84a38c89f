namespace Lunora.Worker.Doctor;

/// <summary>
/// The source as a sample of it shows: the median and longest interval between keyframes and the picture size (from the
/// stream's metadata; null when absent).
/// </summary>
public sealed record SourceMeasurement(double? KeyframeSeconds, double? LongestKeyframeSeconds, int Keyframes, int? Width, int? Height);
