namespace Lunora.Domain.Health;

/// <summary>Fused health of one output on one pipeline: since when it has been in this status, and what said so.</summary>
public sealed record PipelineHealth(HealthStatus Status, DateTimeOffset? Since, string? Evidence)
{
    public static PipelineHealth Unknown { get; } = new(HealthStatus.Unknown, null, null);

    public bool FailingFor(TimeSpan duration, DateTimeOffset now) =>
        Status == HealthStatus.Failing && Since is { } since && now - since >= duration;

    public bool HealthyFor(TimeSpan duration, DateTimeOffset now) =>
        Status == HealthStatus.Healthy && Since is { } since && now - since >= duration;
}
