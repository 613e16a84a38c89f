using System.Collections.Immutable;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Tests.Planning;

/// <summary>Terse builders for planner inputs, so each table row states only what matters to it.</summary>
internal static class Build
{
    public const string Unmanaged = "unmanaged-fp-1";

    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static DestinationSpec Dest(
        string id,
        bool streaming = true,
        bool backup = false,
        Platform platform = Platform.Custom,
        DateTimeOffset? changedAt = null,
        bool failover = false,
        UrlPreference preference = UrlPreference.Auto) =>
        new()
        {
            Id = id,
            Name = id,
            Platform = platform,
            Primary = platform == Platform.Hls ? null : Primary(id),
            Backup = backup ? BackupOf(id) : null,
            FailoverEnabled = failover,
            DesiredState = streaming ? DesiredState.Streaming : DesiredState.Stopped,
            DesiredVersion = 7,
            ChangedAt = changedAt ?? T0.AddMinutes(-10),
            UrlPreference = preference,
        };

    public static EndpointSpec Primary(string id) => new($"rtmp://{id}.example/live", $"/lunora/{id}/key", $"fp-{id}");

    public static EndpointSpec BackupOf(string id) => new($"rtmps://{id}-b.example:443/live", $"/lunora/{id}/backup", $"fpb-{id}");

    public static ObservedTarget Target(EndpointSpec e) => new(e.Url!, e.KeyFingerprint!);

    /// <summary>The output a STANDARD channel has when <paramref name="d"/> is in place.</summary>
    public static ObservedOutput StandardOutput(DestinationSpec d) =>
        new(OutputNaming.GroupName(d.Id), [Target(d.Primary!), Target(d.Backup ?? d.Primary!)]);

    /// <summary>The output a SINGLE_PIPELINE channel has when <paramref name="d"/> sends to one of its ingests.</summary>
    public static ObservedOutput SingleOutput(DestinationSpec d, bool onBackup = false) =>
        new(OutputNaming.GroupName(d.Id), [Target(onBackup ? d.Backup! : d.Primary!)]);

    public static ObservedChannel Channel(
        ChannelState state,
        ChannelClass cls = ChannelClass.Standard,
        DateTimeOffset? since = null,
        params ObservedOutput[] outputs) =>
        new("ch-1", cls, state, [.. outputs], Unmanaged, since ?? T0.AddHours(-1));

    public static DesiredChannel Desired(params DestinationSpec[] destinations) => new("ch-1", [.. destinations]);

    public static ReconcilePlan Plan(
        ObservedChannel observed,
        DestinationSpec[] destinations,
        HealthSnapshot? health = null,
        ReconcilePolicy? policy = null,
        DateTimeOffset? now = null) =>
        Planner.Plan(Desired(destinations), observed, health ?? HealthSnapshot.Empty, policy ?? ReconcilePolicy.Default, now ?? T0);

    public static HealthSnapshot HealthOf(params (string Id, int Pipeline, HealthStatus Status, DateTimeOffset Since)[] entries)
    {
        var health = HealthSnapshot.Empty;
        foreach (var (id, pipeline, status, since) in entries)
        {
            health = health.With(id, pipeline, new PipelineHealth(status, since, $"{status} evidence"));
        }

        return health;
    }

    public static SetDestinationStatus StatusOf(ReconcilePlan plan, string id) =>
        plan.OfType<SetDestinationStatus>().Single(s => s.DestinationId == id);

    /// <summary>The plan's actions as short words, e.g. "stop(restart) update start", ignoring statuses.</summary>
    public static string Shape(ReconcilePlan plan) =>
        string.Join(' ', plan.Actions.Where(a => a is not SetDestinationStatus).Select(a => a switch
        {
            StopChannel s => s.Restart ? "stop(restart)" : "stop",
            UpdateOutputs => "update",
            StartChannel => "start",
            RecordFailover f => $"failover({f.From}->{f.To})",
            _ => a.GetType().Name,
        }));

    public static ImmutableArray<DesiredOutput> UpdatedOutputs(ReconcilePlan plan) =>
        plan.OfType<UpdateOutputs>().Single().Outputs;
}
