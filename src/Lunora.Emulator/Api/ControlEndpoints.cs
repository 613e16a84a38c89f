using System.Text.Json.Nodes;

namespace Lunora.Emulator.Api;

/// <summary>Test and developer controls under <c>/_emulator/</c>: reset, request counts, faults, reachability, metrics.</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorServer server)
    {
        var account = server.Account;
        var gate = server.Gate;
        var control = app.MapGroup("/_emulator");

        control.MapPost("/reset", (HttpContext c) => Run(c, _ =>
        {
            server.Reset();
            return Ok();
        }));

        control.MapGet("/requests", (HttpContext c) => Run(c, _ => new JsonObject
        {
            ["counts"] = new JsonObject([.. gate.Counts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        }));

        control.MapDelete("/requests", (HttpContext c) => Run(c, _ =>
        {
            gate.ResetCounts();
            return Ok();
        }));

        control.MapPut("/faults", (HttpContext c) => Run(c, body =>
        {
            gate.Faults = new FaultSettings(
                TimeSpan.FromMilliseconds((double?)body["latencyMs"] ?? 0),
                (double?)body["errorRate"] ?? 0,
                (int?)body["failNext"] ?? 0,
                (body["errorStatuses"] as JsonArray)?.Select(s => (int)s!).ToArray() ?? [500, 502, 504],
                new HashSet<string>((body["operations"] as JsonArray)?.Select(o => (string)o!) ?? [], StringComparer.Ordinal));
            return Ok();
        }));

        control.MapDelete("/faults", (HttpContext c) => Run(c, _ =>
        {
            gate.Faults = FaultSettings.None;
            return Ok();
        }));

        control.MapPut("/hold", (HttpContext c) => Run(c, body =>
        {
            gate.Hold.Arm((string?)body["operation"] ?? throw ApiException.BadRequest("operation is required"), (int?)body["count"] ?? 1);
            return Ok();
        }));

        control.MapGet("/hold", (HttpContext c) => Run(c, _ => gate.Hold.Report()));

        control.MapDelete("/hold", (HttpContext c) => Run(c, _ =>
        {
            gate.Hold.Release();
            return Ok();
        }));

        control.MapPut("/rate-limit", (HttpContext c) => Run(c, body =>
        {
            gate.RateLimitEnabled = (bool?)body["enabled"] ?? true;
            gate.Bucket.Reconfigure((double?)body["ratePerSecond"] ?? gate.Bucket.RatePerSecond, (int?)body["burst"] ?? gate.Bucket.Burst);
            return Ok();
        }));

        control.MapPut("/profile", (HttpContext c) => Run(c, body =>
        {
            var baseProfile = body["name"] is { } name ? TransitionProfile.Parse((string)name!) : account.Profile;
            account.Profile = baseProfile with
            {
                Start = Millis(body["startMs"]) ?? baseProfile.Start,
                Stop = Millis(body["stopMs"]) ?? baseProfile.Stop,
                Update = Millis(body["updateMs"]) ?? baseProfile.Update,
            };
            return Ok();
        }));

        control.MapPut("/reachability", (HttpContext c) => Run(c, body =>
        {
            account.SetReachable(
                (string?)body["url"] ?? throw ApiException.BadRequest("url is required."),
                (bool?)body["reachable"] ?? throw ApiException.BadRequest("reachable is required."));
            return Ok();
        }));

        control.MapPut("/channels/{channelId}/faults", (HttpContext c, string channelId) => Run(c, body =>
        {
            account.SetChannelFaults(channelId, (bool?)body["stuckInStarting"], (bool?)body["failNextUpdate"]);
            return Ok();
        }));

        control.MapPut("/channels/{channelId}/state", (HttpContext c, string channelId) => Run(c, body =>
        {
            account.ForceState(channelId, (string?)body["state"] ?? throw ApiException.BadRequest("state is required."));
            return Ok();
        }));

        control.MapPut("/channels/{channelId}/metrics", (HttpContext c, string channelId) => Run(c, body =>
        {
            account.SetMetric(
                channelId,
                (string?)body["metricName"] ?? throw ApiException.BadRequest("metricName is required."),
                (string?)body["pipeline"],
                (double?)body["value"] ?? throw ApiException.BadRequest("value is required."));
            return Ok();
        }));
    }

    internal static async Task Run(HttpContext context, Func<JsonObject, JsonObject> action)
    {
        try
        {
            var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
                ? await JsonBody.ReadObjectAsync(context.Request, ApiException.BadRequest)
                : [];
            await RequestGate.WriteJsonAsync(context, 200, action(body));
        }
        catch (ApiException error)
        {
            await RequestGate.WriteErrorAsync(context, error, ServiceKind.Control);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or ArgumentException)
        {
            await RequestGate.WriteErrorAsync(context, ApiException.BadRequest(error.Message), ServiceKind.Control);
        }
    }

    private static TimeSpan? Millis(JsonNode? node) => node is null ? null : TimeSpan.FromMilliseconds((double)node);

    private static JsonObject Ok() => new() { ["ok"] = true };
}
