using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Lunora.Worker.Tests.RealVideo;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>The stand-in's API against MediaMTX's behaviour (internal/api) and its openapi.yaml, without video.</summary>
public sealed class RelayServerApiTests : IAsyncLifetime
{
    private const string Path = "lunora-abcdefghijklmnop";
    private StandInRelay _relay = null!;

    public async Task InitializeAsync() => _relay = await StandInRelay.StartAsync();

    public async Task DisposeAsync()
    {
        // Stop the relay (and its nginx) before asserting: a failed assertion must not leave processes behind.
        var violations = _relay.Violations;
        await _relay.DisposeAsync();
        Assert.Empty(violations);
    }

    [RealVideoFact]
    public async Task AnyCall_WithoutCredentials_Refused401WithBasicChallenge()
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/v3/config/paths/list"),
            (HttpMethod.Get, $"/v3/config/paths/get/{Path}"),
            (HttpMethod.Post, $"/v3/config/paths/add/{Path}"),
            (HttpMethod.Patch, $"/v3/config/paths/patch/{Path}"),
            (HttpMethod.Post, $"/v3/config/paths/replace/{Path}"),
            (HttpMethod.Delete, $"/v3/config/paths/delete/{Path}"),
            (HttpMethod.Get, "/v3/paths/list"),
            (HttpMethod.Get, $"/v3/paths/forward/list?path={Path}"),
            (HttpMethod.Get, $"/v3/paths/forward/get?path={Path}&id={Guid.NewGuid()}"),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await _relay.Anonymous.SendAsync(request);

            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("Basic realm=\"mediamtx\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("authentication error", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
        }

        var (_, list) = await _relay.SendAsync(HttpMethod.Get, "/v3/config/paths/list");
        Assert.Equal(0, (int)list!["itemCount"]!);
    }

    [RealVideoFact]
    public async Task AnyCall_WrongPassword_Refused401WithoutChallenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/paths/list");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{StandInRelay.User}:wrong")));

        using var response = await _relay.Anonymous.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [RealVideoFact]
    public async Task Add_ThenGetAndList_ReturnTheConfigurationAndItsForward()
    {
        var conf = _relay.DestinationPath("ingest-default", "rtmp://127.0.0.1:9/live", "key-1");

        var (status, body) = await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", conf);

        Assert.Equal((200, "ok"), (status, (string?)body!["status"]));
        var (_, got) = await _relay.SendAsync(HttpMethod.Get, $"/v3/config/paths/get/{Path}");
        Assert.Equal(Path, (string?)got!["name"]);
        Assert.Equal(_relay.Server.IngestUrl("ingest-default"), (string?)got["source"]);
        var (_, list) = await _relay.SendAsync(HttpMethod.Get, "/v3/config/paths/list");
        Assert.Equal(1, (int)list!["itemCount"]!);
        var (_, paths) = await _relay.SendAsync(HttpMethod.Get, "/v3/paths/list");
        Assert.Equal(Path, (string?)paths!["items"]![0]!["name"]);
        var forward = await _relay.ForwardAsync(Path);
        Assert.Equal("idle", (string?)forward["state"]);
        var (_, one) = await _relay.SendAsync(HttpMethod.Get, $"/v3/paths/forward/get?path={Path}&id={forward["id"]}");
        Assert.Equal((string?)forward["id"], (string?)one!["id"]);
    }

    [RealVideoFact]
    public async Task Add_Existing_Refused400PathAlreadyExists()
    {
        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", new JsonObject());

        var (status, body) = await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", new JsonObject());

        Assert.Equal((400, "path already exists"), (status, (string?)body!["error"]));
    }

    [RealVideoFact]
    public async Task PatchAndDelete_Missing_Answer404_ReplaceCreates()
    {
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Patch, $"/v3/config/paths/patch/{Path}", new JsonObject())).Status);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Delete, $"/v3/config/paths/delete/{Path}")).Status);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Get, $"/v3/config/paths/get/{Path}")).Status);

        // MediaMTX's ReplacePath creates a missing path: the worker can re-apply a path without knowing whether it exists.
        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/replace/{Path}", new JsonObject())).Status);
        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Get, $"/v3/config/paths/get/{Path}")).Status);
    }

    [RealVideoFact]
    public async Task Patch_Forward_ReplacesTheListAndKeepsTheSource()
    {
        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", _relay.DestinationPath("ingest-default", "rtmp://127.0.0.1:9/live", "key-1"));

        var patch = new JsonObject { ["forward"] = new JsonArray(new JsonObject { ["dest"] = "rtmp://127.0.0.1:9/other#key-2" }) };
        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Patch, $"/v3/config/paths/patch/{Path}", patch)).Status);

        var (_, got) = await _relay.SendAsync(HttpMethod.Get, $"/v3/config/paths/get/{Path}");
        Assert.Equal("rtmp://127.0.0.1:9/other#key-2", (string?)Assert.Single(got!["forward"]!.AsArray())!["dest"]);
        Assert.Equal(_relay.Server.IngestUrl("ingest-default"), (string?)got["source"]);
    }

    [RealVideoFact]
    public async Task Patch_SecondForwardChanged_FirstKeepsRunningSecondRestarts()
    {
        // MediaMTX's ReloadConf: entries compare position by position; the unchanged prefix keeps its handlers.
        var conf = _relay.DestinationPath("ingest-default", "rtmp://127.0.0.1:9/one", "key-1");
        conf["forward"]!.AsArray().Add(new JsonObject { ["dest"] = "rtmp://127.0.0.1:9/two#key-2" });
        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", conf);
        var before = await Ids();

        var patch = new JsonObject
        {
            ["forward"] = new JsonArray(
                new JsonObject { ["dest"] = "rtmp://127.0.0.1:9/one#key-1" },
                new JsonObject { ["dest"] = "rtmp://127.0.0.1:9/two#key-3" }),
        };
        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Patch, $"/v3/config/paths/patch/{Path}", patch)).Status);
        var after = await Ids();

        Assert.Equal(before[0], after[0]);
        Assert.NotEqual(before[1], after[1]);
    }

    [RealVideoFact]
    public async Task Replace_NewSource_RestartsEveryForward()
    {
        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", _relay.DestinationPath("ingest-default", "rtmp://127.0.0.1:9/one", "key-1"));
        var before = await Ids();

        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/replace/{Path}", _relay.DestinationPath("ingest-other", "rtmp://127.0.0.1:9/one", "key-1"));

        Assert.NotEqual(before[0], (await Ids())[0]);
    }

    [RealVideoFact]
    public async Task Delete_RemovesConfigurationAndRuntimePath()
    {
        await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", _relay.DestinationPath("ingest-default", "rtmp://127.0.0.1:9/live", "key-1"));

        Assert.Equal(200, (await _relay.SendAsync(HttpMethod.Delete, $"/v3/config/paths/delete/{Path}")).Status);

        Assert.Equal(0, (int)(await _relay.SendAsync(HttpMethod.Get, "/v3/paths/list")).Body!["itemCount"]!);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Get, $"/v3/paths/forward/list?path={Path}")).Status);
    }

    [RealVideoFact]
    public async Task Add_UnknownField_Refused400LikeMediaMtx()
    {
        var (status, body) = await _relay.SendUncheckedAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", new JsonObject { ["sauce"] = "x" });

        Assert.Equal((400, "json: unknown field \"sauce\""), (status, (string?)body!["error"]));
    }

    [RealVideoFact]
    public async Task Add_AlwaysAvailable_RefusedByNameNotFaked()
    {
        var (status, body) = await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", new JsonObject { ["alwaysAvailable"] = true });

        Assert.Equal(400, status);
        Assert.Contains("alwaysAvailable", (string?)body!["error"], StringComparison.Ordinal);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Get, $"/v3/config/paths/get/{Path}")).Status);
    }

    [RealVideoFact]
    public async Task Add_InvalidForward_RefusedWithoutEchoingTheKey()
    {
        var conf = new JsonObject { ["forward"] = new JsonArray(new JsonObject { ["dest"] = "srt://127.0.0.1:9?streamid=secret-key-77" }) };

        var (status, body) = await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}", conf);

        Assert.Equal(400, status);
        Assert.DoesNotContain("secret-key-77", body!.ToJsonString(), StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task ForwardGet_BadIdOrUnknownPath_Answers400Or404()
    {
        Assert.Equal(400, (await _relay.SendUncheckedAsync(HttpMethod.Get, $"/v3/paths/forward/get?path={Path}&id=nope")).Status);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Get, $"/v3/paths/forward/get?path={Path}&id={Guid.NewGuid()}")).Status);
        Assert.Equal(404, (await _relay.SendAsync(HttpMethod.Get, $"/v3/paths/forward/list?path={Path}")).Status);
    }

    [RealVideoFact]
    public async Task List_Paged_CountsEveryItemAndPages()
    {
        foreach (var i in Enumerable.Range(0, 3))
        {
            await _relay.SendAsync(HttpMethod.Post, $"/v3/config/paths/add/{Path}{i}", new JsonObject());
        }

        var (_, page) = await _relay.SendAsync(HttpMethod.Get, "/v3/config/paths/list?itemsPerPage=2&page=1");

        Assert.Equal((3, 2, 1), ((int)page!["itemCount"]!, (int)page["pageCount"]!, page["items"]!.AsArray().Count));
        Assert.Equal(400, (await _relay.SendAsync(HttpMethod.Get, "/v3/config/paths/list?itemsPerPage=0")).Status);
    }

    private async Task<string[]> Ids()
    {
        var (status, body) = await _relay.SendAsync(HttpMethod.Get, $"/v3/paths/forward/list?path={Path}");
        Assert.Equal(200, status);
        return [.. body!["items"]!.AsArray().OrderBy(f => (int)f!["pos"]!).Select(f => (string)f!["id"]!)];
    }
}
