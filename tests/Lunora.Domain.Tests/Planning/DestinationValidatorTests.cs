using Lunora.Domain.Desired;
using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using static Lunora.Domain.Tests.Planning.Build;

namespace Lunora.Domain.Tests.Planning;

/// <summary>Rule 8: an invalid destination gets <c>error</c> with a reason and is planned as if it did not exist.</summary>
public class DestinationValidatorTests
{
    public static TheoryData<string, DestinationSpec, string> InvalidCases()
    {
        var d = Dest("bad");
        return new()
        {
            { "no primary", d with { Primary = null }, "rtmp_url is missing" },
            { "empty URL", d with { Primary = d.Primary! with { Url = "" } }, "rtmp_url is missing" },
            { "malformed URL", d with { Primary = d.Primary! with { Url = "rtmp//no-scheme/live" } }, "rtmp_url is not a valid URL" },
            { "http scheme", d with { Primary = d.Primary! with { Url = "http://x.example/live" } }, "rtmp_url must use rtmp:// or rtmps://, not http://" },
            { "srt scheme", d with { Primary = d.Primary! with { Url = "srt://x.example/live" } }, "rtmp_url must use rtmp:// or rtmps://, not srt://" },
            { "URL with a space", d with { Primary = d.Primary! with { Url = "rtmp://x.example/live app" } }, "rtmp_url contains whitespace" },
            { "URL without application path", d with { Primary = d.Primary! with { Url = "rtmp://x.example" } }, "rtmp_url has no application path (expected rtmp://host/app)" },
            { "key in the query", d with { Primary = d.Primary! with { Url = "rtmp://x.example/live?key=secret" } }, "rtmp_url must not carry a query, fragment or credentials (the stream key goes in the parameter)" },
            { "missing key reference", d with { Primary = d.Primary! with { KeyParameter = null } }, "stream_key_param is missing" },
            { "key not resolvable", d with { Primary = d.Primary! with { KeyFingerprint = null } }, "stream key parameter /lunora/bad/key could not be resolved" },
            { "bad backup URL", d with { Backup = new EndpointSpec("ftp://b.example/live", "/k", "fp") }, "backup_rtmp_url must use rtmp:// or rtmps://, not ftp://" },
            { "backup without key", d with { Backup = new EndpointSpec("rtmp://b.example/live", null, null) }, "backup_stream_key_param is missing" },
            { "record problem", d with { RecordProblem = "platform 'myspace' is not supported" }, "platform 'myspace' is not supported" },
            { "empty id", d with { Id = " " }, "destination_id is empty" },
            { "key pasted as parameter", d with { Primary = d.Primary! with { KeyParameter = "live_417230981_Zq8Rt2Vw6Xy4Pk1Mn7Bc3Df" } }, "stream_key_param looks like a stream key, not a Parameter Store name; store the key in Parameter Store and put the parameter's name here" },
            { "backup key pasted as parameter", d with { Backup = new EndpointSpec("rtmp://b.example/live", "my key 123", null) }, "backup_stream_key_param looks like a stream key, not a Parameter Store name; store the key in Parameter Store and put the parameter's name here" },
            {
                "key appended to a YouTube URL",
                d with { Platform = Platform.YouTube, Primary = d.Primary! with { Url = "rtmp://a.rtmp.youtube.com/live2/k3v9-7hq2-ab4x-9z1m-pq8r" } },
                "rtmp_url ends with what looks like a stream key; YouTube ingest URLs end at the application, so put the key in Parameter Store and name it in the key parameter"
            },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Plan_InvalidDestination_IsErrorWithReasonAndOthersArePlannedAsIfItDidNotExist(string scenario, DestinationSpec invalid, string reason)
    {
        var others = new[] { Dest("a"), Dest("b", backup: true) };
        foreach (var observed in new[] { Channel(ChannelState.Idle), Channel(ChannelState.Running, outputs: [StandardOutput(others[0])]) })
        {
            var without = Plan(observed, others);
            var with = Plan(observed, [others[0], invalid, others[1]]);

            var status = StatusOf(with, invalid.Id);
            Assert.True(status.Status == DestinationStatus.Error, scenario);
            Assert.Equal(reason, status.Reason);
            Assert.Equal(PlanText(without), PlanText(with, except: invalid.Id));
            Assert.DoesNotContain(with.OfType<UpdateOutputs>().SelectMany(u => u.Outputs), o => o.DestinationId == invalid.Id);
        }
    }

    [Fact]
    public void Plan_DuplicateIds_AreBothErrorsAndLeftOut()
    {
        var plan = Plan(Channel(ChannelState.Idle), [Dest("a"), Dest("dup"), Dest("dup", backup: true)]);

        var statuses = plan.OfType<SetDestinationStatus>().Where(s => s.DestinationId == "dup").ToArray();
        Assert.Equal(2, statuses.Length);
        Assert.All(statuses, s => Assert.Equal("duplicate destination id 'dup'", s.Reason));
        Assert.Equal(["a"], UpdatedOutputs(plan).Select(o => o.DestinationId));
    }

    [Fact]
    public void Plan_RunningChannelWithOnlyInvalidDestinations_StopsWithTheSameReasonAsWithNone()
    {
        var observed = Channel(ChannelState.Running, since: T0.AddHours(-1));

        var none = Plan(observed, []);
        var onlyInvalid = Plan(observed, [Dest("x") with { Primary = null }]);

        Assert.Equal(PlanText(none), PlanText(onlyInvalid, except: "x"));
    }

    [Theory]
    [InlineData("rtmp://a.example/live")]
    [InlineData("rtmps://live-api-s.facebook.com:443/rtmp")]
    [InlineData("RTMP://a.example/app/instance")]
    public void CheckUrl_ValidIngest_HasNoProblem(string url)
    {
        Assert.Null(DestinationValidator.CheckUrl(url, "rtmp_url"));
    }

    [Fact]
    public void Check_HlsPlayer_NeedsNoIngest()
    {
        Assert.Null(DestinationValidator.Check(Dest("player", platform: Platform.Hls)));
    }

    /// <summary>A plan as comparable text, statuses included, optionally without one destination's status.</summary>
    internal static string PlanText(ReconcilePlan plan, string? except = null) =>
        string.Join('\n', plan.Actions
            .Where(a => a is not SetDestinationStatus s || s.DestinationId != except)
            .Select(a => a switch
            {
                UpdateOutputs u => $"UpdateOutputs {u.ExpectedUnmanagedFingerprint} " + string.Join(';', u.Outputs.Select(o =>
                    $"{o.GroupName}/{o.DestinationId}/{o.PresetId}/" + string.Join(',', o.Pipelines.Select(p => $"{p.Endpoint}:{p.Url}:{p.KeyParameter}:{p.KeyFingerprint}")))),
                _ => a.ToString(),
            })
            .Append($"requeue {plan.RequeueAfter}"));

    [Fact]
    public void Check_BackupKeyUnresolved_PrimaryStillValidAndBackupNotUsable()
    {
        var d = Dest("a", backup: true) with { Backup = BackupOf("a") with { KeyFingerprint = null } };

        Assert.Null(DestinationValidator.Check(d));
        Assert.Null(DestinationValidator.UsableBackup(d));
    }

    [Fact]
    public void Check_CustomServerWithDeepPath_NotJudgedAsCarryingAKey()
    {
        var d = Dest("a") with { Primary = Primary("a") with { Url = "rtmp://ingest.example/app/x7Kp2Qm9Zr4Tn8Wb" } };

        Assert.Null(DestinationValidator.Check(d));
    }

    [Fact]
    public void Check_KeyInUrl_ReasonNeverEchoesTheKey()
    {
        const string key = "live_417230981_Zq8Rt2Vw6Xy4Pk1Mn7Bc3Df";
        var d = Dest("a", platform: Platform.Twitch) with { Primary = Primary("a") with { Url = "rtmp://live.twitch.tv/app/" + key } };

        var problem = DestinationValidator.Check(d);

        Assert.NotNull(problem);
        Assert.DoesNotContain(key, problem, StringComparison.Ordinal);
    }
}
