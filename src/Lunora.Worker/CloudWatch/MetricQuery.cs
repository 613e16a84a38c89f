using System.Collections.Immutable;

namespace Lunora.Worker.CloudWatch;

/// <summary>One MetricStat query. <see cref="Id"/> must start with a lowercase letter (letters, digits, underscore).</summary>
public sealed record MetricQuery(
    string Id,
    string Namespace,
    string MetricName,
    ImmutableArray<MetricDimension> Dimensions,
    string Stat,
    int PeriodSeconds);
