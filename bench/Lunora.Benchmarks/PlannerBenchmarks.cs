using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;

namespace Lunora.Benchmarks;

/// <summary>
/// Planning time on a RUNNING STANDARD channel with a realistic mix: most destinations in place, some with a backup,
/// some stopped, a few invalid, one HLS player, about a tenth changed (new key or new URL) so a restart is planned.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PlannerBenchmarks
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private DesiredChannel desired = null!;
    private ObservedChannel observed = null!;
    private HealthSnapshot health = null!;

    [Params(1, 20, 200)]
    public int Destinations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var specs = new List<DestinationSpec>();
        var outputs = new List<ObservedOutput>();
        health = HealthSnapshot.Empty;
        for (var i = 0; i < Destinations; i++)
        {
            var id = $"dest-{i:D4}";
            var primary = new EndpointSpec($"rtmp://ingest{i % 7}.example.com/live", $"/lunora/{id}/key", $"fp-{id}");
            var backup = i % 3 == 0 ? new EndpointSpec($"rtmps://backup{i % 5}.example.com:443/live", $"/lunora/{id}/backup", $"fpb-{id}") : null;
            var spec = new DestinationSpec
            {
                Id = id,
                Name = id,
                Platform = i == 1 ? Platform.Hls : Platform.YouTube,
                Primary = i == 1 ? null : primary,
                Backup = i == 1 ? null : backup,
                FailoverEnabled = true,
                DesiredState = i % 6 == 5 ? DesiredState.Stopped : DesiredState.Streaming,
                DesiredVersion = i,
                ChangedAt = Now.AddMinutes(-5),
                RecordProblem = i % 25 == 24 ? "platform 'unknown' is not supported" : null,
            };
            specs.Add(spec);

            if (spec.Platform != Platform.Hls && spec.WantsToStream && spec.RecordProblem is null)
            {
                // One in ten in place with an old key, so outputs differ and a restart is planned.
                var fingerprint = i % 10 == 3 ? "old-key" : primary.KeyFingerprint!;
                var p0 = new ObservedTarget(primary.Url!, fingerprint);
                var p1 = backup is null ? p0 : new ObservedTarget(backup.Url!, backup.KeyFingerprint!);
                outputs.Add(new ObservedOutput(OutputNaming.GroupName(id), [p0, p1]));
                health = health
                    .With(id, 0, new PipelineHealth(i % 8 == 0 ? HealthStatus.Failing : HealthStatus.Healthy, Now.AddSeconds(-90), "metric"))
                    .With(id, 1, new PipelineHealth(HealthStatus.Healthy, Now.AddSeconds(-90), "metric"));
            }
        }

        desired = new DesiredChannel("ch-1", [.. specs]);
        observed = new ObservedChannel("ch-1", ChannelClass.Standard, ChannelState.Running, [.. outputs], "unmanaged", Now.AddHours(-1));
    }

    [Benchmark]
    public ImmutableArray<PlanAction> Plan() => Planner.Plan(desired, observed, health, ReconcilePolicy.Default, Now).Actions;
}
