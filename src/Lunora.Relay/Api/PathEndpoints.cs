using System.Text.Json.Nodes;
using Lunora.Relay.Paths;

namespace Lunora.Relay.Api;

/// <summary><c>/v3/paths/*</c> and <c>/v3/paths/forward/*</c> (internal/api/api_paths.go, api_forward.go) for paths with a source.</summary>
internal static class PathEndpoints
{
    public static void Map(WebApplication app, PathTable paths, TimeProvider time)
    {
        var started = time.GetUtcNow();
        app.MapGet("/v3/info", (HttpContext context) =>
            ApiResults.JsonAsync(context, 200, new JsonObject { ["version"] = "v1.20.1 (Lunora relay stand-in)", ["started"] = ApiResults.Time(started) }));

        app.MapGet("/v3/paths/list", async (HttpContext context) =>
        {
            var page = ApiResults.Page([.. (await paths.RunnersAsync()).Select(Path)], context.Request, out var error);
            await (page is null ? ApiResults.ErrorAsync(context, 400, error) : ApiResults.JsonAsync(context, 200, page));
        });

        app.MapGet("/v3/paths/get/{**name}", async (HttpContext context, string? name) =>
        {
            var runner = (await paths.RunnersAsync()).FirstOrDefault(r => r.Name == name);
            await (runner is null ? ApiResults.ErrorAsync(context, 404, "path not found") : ApiResults.JsonAsync(context, 200, Path(runner)));
        });

        app.MapGet("/v3/paths/forward/list", async (HttpContext context) =>
        {
            var name = context.Request.Query["path"].ToString();
            if (name.Length == 0)
            {
                await ApiResults.ErrorAsync(context, 400, "invalid path");
                return;
            }

            var runner = (await paths.RunnersAsync()).FirstOrDefault(r => r.Name == name);
            if (runner is null)
            {
                await ApiResults.ErrorAsync(context, 404, "path not found");
                return;
            }

            var page = ApiResults.Page([.. runner.Forwards.Select(Forward)], context.Request, out var error);
            await (page is null ? ApiResults.ErrorAsync(context, 400, error) : ApiResults.JsonAsync(context, 200, page));
        });

        app.MapGet("/v3/paths/forward/get", async (HttpContext context) =>
        {
            if (!Guid.TryParse(context.Request.Query["id"].ToString(), out var id))
            {
                await ApiResults.ErrorAsync(context, 400, "invalid UUID length");
                return;
            }

            var name = context.Request.Query["path"].ToString();
            if (name.Length == 0)
            {
                await ApiResults.ErrorAsync(context, 400, "invalid path");
                return;
            }

            var runner = (await paths.RunnersAsync()).FirstOrDefault(r => r.Name == name);
            var forward = runner?.Forwards.FirstOrDefault(f => f.Id == id);
            await (runner is null ? ApiResults.ErrorAsync(context, 404, "path not found")
                : forward is null ? ApiResults.ErrorAsync(context, 404, "forward destination not found")
                : ApiResults.JsonAsync(context, 200, Forward(forward)));
        });
    }

    private static JsonObject Path(PathRunner runner)
    {
        var since = runner.ReadySince is { } s ? ApiResults.Time(s) : null;
        var outbound = runner.Forwards.Sum(f => f.OutboundBytes);
        var inbound = runner.InboundBytes;
        return new JsonObject
        {
            ["name"] = runner.Name,
            ["confName"] = runner.Name,
            ["source"] = new JsonObject { ["type"] = "rtmpSource", ["id"] = "" },
            ["available"] = since is not null,
            ["availableTime"] = since,
            ["online"] = since is not null,
            ["onlineTime"] = since,
            ["ready"] = since is not null,
            ["readyTime"] = since,
            ["tracks"] = new JsonArray(),
            ["tracks2"] = new JsonArray(),
            ["inboundBytes"] = inbound,
            ["inboundFramesInError"] = 0,
            ["outboundBytes"] = outbound,
            ["bytesReceived"] = inbound,
            ["bytesSent"] = outbound,
            ["readers"] = new JsonArray(),
        };
    }

    private static JsonObject Forward(ForwardRunner forward)
    {
        var (state, lastError) = forward.Status;
        var conf = new JsonObject { ["dest"] = forward.Dest, ["destFingerprint"] = forward.DestFingerprint ?? "", ["whipBearerToken"] = "" };
        return new JsonObject
        {
            ["id"] = forward.Id.ToString(),
            ["pos"] = forward.Position,
            ["created"] = ApiResults.Time(forward.Created),
            ["conf"] = conf,
            ["protocol"] = "rtmp",
            ["state"] = state switch { ForwardState.Forwarding => "forwarding", ForwardState.Error => "error", _ => "idle" },
            ["lastError"] = lastError,
            ["outboundBytes"] = forward.OutboundBytes,
        };
    }
}
