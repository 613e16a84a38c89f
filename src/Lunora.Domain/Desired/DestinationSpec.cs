using System.Collections.Immutable;

namespace Lunora.Domain.Desired;

/// <summary>
/// A destination as the intent store holds it. Fields are as loose as the stored record so that the planner, not the
/// adapter, decides what is valid (rule 8): an invalid destination becomes <c>error</c> and is planned as if absent.
/// </summary>
public sealed record DestinationSpec
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public Platform Platform { get; init; } = Platform.Custom;

    public EndpointSpec? Primary { get; init; }

    public EndpointSpec? Backup { get; init; }

    public bool FailoverEnabled { get; init; }

    public bool Enabled { get; init; } = true;

    public string? PresetId { get; init; }

    public DesiredState DesiredState { get; init; } = DesiredState.Stopped;

    /// <summary>Monotonically increasing with every intent write; echoed back as <c>observed_version</c>.</summary>
    public long DesiredVersion { get; init; }

    /// <summary>When the intent last changed; drives the coalescing window and the idle grace.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    public UrlPreference UrlPreference { get; init; } = UrlPreference.Auto;

    /// <summary>Set by the adapter when the stored record could not be read faithfully (wrong types, unknown platform, a key that cannot be resolved).</summary>
    public string? RecordProblem { get; init; }

    /// <summary>Worker-owned memory of recent automatic switches, for flap damping.</summary>
    public ImmutableArray<DateTimeOffset> RecentFailovers { get; init; } = [];

    public bool WantsToStream => Enabled && DesiredState == DesiredState.Streaming;
}
