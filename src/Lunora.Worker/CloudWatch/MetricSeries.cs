using System.Collections.Immutable;

namespace Lunora.Worker.CloudWatch;

/// <summary>A query's datapoints, newest first as requested (TimestampDescending), merged across pages.</summary>
public sealed record MetricSeries(string Id, string? Label, ImmutableArray<DateTimeOffset> Timestamps, ImmutableArray<double> Values, string? StatusCode)
{
    public double? Latest => Values.IsDefaultOrEmpty ? null : Values[0];
}
