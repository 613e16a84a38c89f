using System.Collections.Immutable;
using CsCheck;
using Lunora.Domain.Desired;
using Lunora.Domain.Health;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Domain.Policy;

namespace Lunora.Domain.Tests.Planning;

/// <summary>
/// Random planner inputs. Values are drawn from small pools so observed outputs often match, partly match or miss
/// what is desired, and times cluster around now so windows, graces and failover deadlines are hit on both sides.
/// </summary>
internal static class PlanningGen
{
    private static readonly string[] Urls = ["rtmp://a.example/live", "rtmps://b.example:443/app", "rtmp://c.example/x"];
    private static readonly string[] Keys = ["fp-1", "fp-2"];
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Gen<ReconcilePolicy> Policy =
        from grace in Gen.Int[1, 120]
        from coalesce in Gen.Int[1, 10]
        from failoverAfter in Gen.Int[1, 60]
        from failback in Gen.Nullable(Gen.Int[1, 120], 0.5)
        from flap in Gen.Int[0, 4]
        select new ReconcilePolicy
        {
            IdleGrace = TimeSpan.FromSeconds(grace),
            CoalesceWindow = TimeSpan.FromSeconds(coalesce),
            FailoverAfter = TimeSpan.FromSeconds(failoverAfter),
            FailbackAfter = failback is { } f ? TimeSpan.FromSeconds(f) : null,
            MaxFailoversPerHour = flap,
        };

    public static readonly Gen<PlanningCase> Case =
        from nowSeconds in Gen.Int[0, 86_400]
        let now = Epoch.AddSeconds(nowSeconds)
        from destinations in Destination(now).Array[0, 5]
        from duplicate in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
        let named = Name(destinations, duplicate)
        from observed in Observed(now, named)
        from health in Health(now, named)
        from policy in Policy
        select new PlanningCase(new DesiredChannel("ch-1", named), observed, health, policy, now);

    /// <summary>A case plus a destination that is invalid for a reason other than its id, and where to insert it.</summary>
    public static readonly Gen<(PlanningCase Case, DestinationSpec Invalid, int Position)> CaseWithInvalid =
        from c in Case
        from invalid in Destination(c.Now).Where(d => d.Platform != Platform.Hls)
        from kind in Gen.Int[1, 8]
        from position in Gen.Int[0, c.Desired.Destinations.Length]
        select (c, MakeInvalid(invalid with { Id = "zz-invalid" }, (InvalidKind)kind), position);

    private static ImmutableArray<DestinationSpec> Name(DestinationSpec[] destinations, bool duplicate)
    {
        var named = destinations.Select((d, i) => d with { Id = $"d{i}" }).ToImmutableArray();
        return duplicate && named.Length > 0 ? named.Add(named[^1] with { Name = "copy" }) : named;
    }

    private static Gen<DateTimeOffset> Around(DateTimeOffset now) =>
        Gen.Frequency((3, Gen.Int[-130, 10]), (1, Gen.Int[-7_200, 120])).Select(s => now.AddSeconds(s));

    private static Gen<EndpointSpec> Endpoint =>
        from url in Gen.OneOf(Urls)
        from key in Gen.OneOf(Keys)
        select new EndpointSpec(url, "/lunora/" + key, key);

    private static Gen<DestinationSpec> Destination(DateTimeOffset now) =>
        from platform in Gen.Frequency((1, Gen.Const(Platform.Hls)), (5, Gen.Const(Platform.YouTube)), (2, Gen.Const(Platform.Custom)))
        from enabled in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from streaming in Gen.Frequency((3, Gen.Const(DesiredState.Streaming)), (2, Gen.Const(DesiredState.Stopped)))
        from primary in Endpoint
        from backup in Gen.Null(Endpoint, 0.4)
        from failover in Gen.Bool
        from preference in Gen.Frequency((4, Gen.Const(UrlPreference.Auto)), (1, Gen.Const(UrlPreference.Primary)), (1, Gen.Const(UrlPreference.Backup)))
        from changedAt in Gen.Nullable(Around(now), 0.1)
        from recent in Around(now).Array[0, 4]
        from version in Gen.Long[0, 1000]
        from invalid in Gen.Frequency((6, Gen.Const(InvalidKind.None)), (1, Gen.Int[1, 8].Select(i => (InvalidKind)i)))
        select MakeInvalid(
            new DestinationSpec
            {
                Id = "unnamed",
                Platform = platform,
                Enabled = enabled,
                DesiredState = streaming,
                Primary = platform == Platform.Hls ? null : primary,
                Backup = platform == Platform.Hls ? null : backup,
                FailoverEnabled = failover,
                UrlPreference = preference,
                ChangedAt = changedAt,
                RecentFailovers = [.. recent],
                DesiredVersion = version,
            },
            invalid);

    private static DestinationSpec MakeInvalid(DestinationSpec d, InvalidKind kind) => kind switch
    {
        InvalidKind.None => d,
        InvalidKind.MissingPrimary => d with { Primary = null, Platform = Platform.Custom },
        InvalidKind.MalformedUrl => d with { Primary = new("rtmp//no-host", "/k", "fp-1"), Platform = Platform.Custom },
        InvalidKind.WrongScheme => d with { Primary = new("https://a.example/live", "/k", "fp-1"), Platform = Platform.Custom },
        InvalidKind.UrlWithSpace => d with { Primary = new("rtmp://a.example/li ve", "/k", "fp-1"), Platform = Platform.Custom },
        InvalidKind.MissingKeyReference => d with { Primary = new("rtmp://a.example/live", null, null), Platform = Platform.Custom },
        InvalidKind.UnresolvedKey => d with { Primary = new("rtmp://a.example/live", "/k", null), Platform = Platform.Custom },
        InvalidKind.RecordProblem => d with { RecordProblem = "platform 'unknown' is not supported" },
        InvalidKind.BadBackup => d with { Primary = new("rtmp://a.example/live", "/k", "fp-1"), Backup = new("srt://b.example/x", "/k", "fp-2"), Platform = Platform.Custom },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Gen<ObservedChannel> Observed(DateTimeOffset now, ImmutableArray<DestinationSpec> destinations) =>
        from cls in Gen.Enum<ChannelClass>()
        from state in Gen.Frequency(
            (3, Gen.Const(ChannelState.Running)), (3, Gen.Const(ChannelState.Idle)), (2, Gen.Enum<ChannelState>()))
        from since in Gen.Nullable(Around(now), 0.1)
        from kinds in Gen.Int[0, 3].Array[destinations.Length + 1]
        from random in Endpoint.Array[2]
        from unmanaged in Gen.OneOf("unmanaged-a", "unmanaged-b")
        select new ObservedChannel(
            "ch-1",
            cls,
            state,
            [.. destinations.Select(d => d.Id).Append("orphan").Distinct().Select((id, i) => Output(id, destinations, cls, kinds[i], random)).OfType<ObservedOutput>()],
            unmanaged,
            since);

    /// <summary>0: no output; 1: as if sending to the primary; 2: as if sending to the backup; 3: anything from the pools.</summary>
    private static ObservedOutput? Output(string id, ImmutableArray<DestinationSpec> destinations, ChannelClass cls, int kind, EndpointSpec[] random)
    {
        var d = destinations.FirstOrDefault(x => x.Id == id);
        static ObservedTarget T(EndpointSpec e) => new(e.Url ?? "rtmp://none.example/x", e.KeyFingerprint ?? "none");
        var primary = d?.Primary ?? random[0];
        var backup = d?.Backup ?? random[1];
        ImmutableArray<ObservedTarget>? pipelines = (kind, cls) switch
        {
            (0, _) => null,
            (1, ChannelClass.Standard) => [T(primary), T(d?.Backup ?? primary)],
            (1, _) => [T(primary)],
            (2, ChannelClass.Standard) => [T(backup), T(backup)],
            (2, _) => [T(backup)],
            _ => cls == ChannelClass.Standard ? [T(random[0]), T(random[1])] : [T(random[0])],
        };
        return pipelines is { } p ? new ObservedOutput(OutputNaming.GroupName(id), p) : null;
    }

    private static Gen<PipelineHealth> PipelineHealth(DateTimeOffset now) =>
        from status in Gen.Enum<HealthStatus>()
        from since in Gen.Nullable(Around(now), 0.1)
        select status == HealthStatus.Unknown ? Lunora.Domain.Health.PipelineHealth.Unknown : new PipelineHealth(status, since, $"{status}");

    private static Gen<HealthSnapshot> Health(DateTimeOffset now, ImmutableArray<DestinationSpec> destinations) =>
        from entries in PipelineHealth(now).Array[3].Array[destinations.Length]
        select destinations.Select((d, i) => (d.Id, entries[i])).Aggregate(
            HealthSnapshot.Empty,
            (h, e) => h.With(e.Id, 0, e.Item2[0]).With(e.Id, 1, e.Item2[1]).WithEndpoint(e.Id, UrlType.Primary, e.Item2[2]));
}
