using System.Collections.Immutable;
using Lunora.Domain.Planning;

namespace Lunora.Domain.Health;

/// <summary>
/// Health per destination and pipeline (what the channel reports for the URL each pipeline sends to), plus health of
/// endpoints not currently in use (a probe of the primary while a single-pipeline channel sends to the backup), which is
/// what failback needs.
/// </summary>
public sealed record HealthSnapshot(
    ImmutableDictionary<HealthKey, PipelineHealth> Pipelines,
    ImmutableDictionary<(string DestinationId, UrlType Endpoint), PipelineHealth> Endpoints)
{
    public static HealthSnapshot Empty { get; } = new(
        ImmutableDictionary<HealthKey, PipelineHealth>.Empty,
        ImmutableDictionary<(string, UrlType), PipelineHealth>.Empty);

    public PipelineHealth For(string destinationId, int pipeline) =>
        Pipelines.TryGetValue(new HealthKey(destinationId, pipeline), out var health) ? health : PipelineHealth.Unknown;

    public PipelineHealth ForEndpoint(string destinationId, UrlType endpoint) =>
        Endpoints.TryGetValue((destinationId, endpoint), out var health) ? health : PipelineHealth.Unknown;

    public HealthSnapshot With(string destinationId, int pipeline, PipelineHealth health) =>
        this with { Pipelines = Pipelines.SetItem(new HealthKey(destinationId, pipeline), health) };

    public HealthSnapshot WithEndpoint(string destinationId, UrlType endpoint, PipelineHealth health) =>
        this with { Endpoints = Endpoints.SetItem((destinationId, endpoint), health) };
}
