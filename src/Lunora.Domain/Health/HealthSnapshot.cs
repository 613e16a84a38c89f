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

    /// <summary>
    /// Set while the health signals cannot be read: every pipeline is Unknown (which never fails anything over) and
    /// statuses say since when. Stops, starts and intents go on as if nothing were known about the outputs.
    /// </summary>
    public DateTimeOffset? UnavailableSince { get; init; }

    /// <summary>
    /// Switches decided on the running channel's health and recorded, not yet on the channel: the restart that carries
    /// them goes through IDLE, where that evidence is gone, so the decision is carried to the plan that applies it.
    /// </summary>
    public ImmutableDictionary<string, UrlType> PendingSwitches { get; init; } = ImmutableDictionary<string, UrlType>.Empty;

    public static HealthSnapshot Unavailable(DateTimeOffset since) => Empty with { UnavailableSince = since };

    public PipelineHealth For(string destinationId, int pipeline) =>
        Pipelines.TryGetValue(new HealthKey(destinationId, pipeline), out var health) ? health : PipelineHealth.Unknown;

    public PipelineHealth ForEndpoint(string destinationId, UrlType endpoint) =>
        Endpoints.TryGetValue((destinationId, endpoint), out var health) ? health : PipelineHealth.Unknown;

    public UrlType? PendingSwitchFor(string destinationId) =>
        PendingSwitches.TryGetValue(destinationId, out var to) ? to : null;

    public HealthSnapshot With(string destinationId, int pipeline, PipelineHealth health) =>
        this with { Pipelines = Pipelines.SetItem(new HealthKey(destinationId, pipeline), health) };

    public HealthSnapshot WithEndpoint(string destinationId, UrlType endpoint, PipelineHealth health) =>
        this with { Endpoints = Endpoints.SetItem((destinationId, endpoint), health) };

    public HealthSnapshot WithPendingSwitch(string destinationId, UrlType to) =>
        this with { PendingSwitches = PendingSwitches.SetItem(destinationId, to) };
}
