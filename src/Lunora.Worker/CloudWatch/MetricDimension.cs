namespace Lunora.Worker.CloudWatch;

public sealed record MetricDimension(string Name, string Value);
