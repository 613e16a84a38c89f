using System.Text.Json.Nodes;
using Lunora.Emulator.State;

namespace Lunora.Emulator.Api;

/// <summary>
/// Controls for containment tests under <c>/_emulator/channels/{id}/</c>: an alert with chosen text, one output group's
/// ActiveOutputs, the channel deleted. Per-operation failures are <c>PUT /_emulator/faults</c> with <c>operations</c>.
/// </summary>
internal static class FaultControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorAccount account)
    {
        var channels = app.MapGroup("/_emulator/channels/{channelId}");

        channels.MapPost("/alerts", (HttpContext c, string channelId) => ControlEndpoints.Run(c, body => new JsonObject
        {
            ["id"] = account.RaiseAlert(
                channelId,
                (string?)body["alertType"] ?? EmulatorAccount.FailedRtmpConnection,
                (int?)body["pipeline"] ?? 0,
                (string?)body["message"] ?? throw ApiException.BadRequest("message is required.")),
        }));

        channels.MapPut("/active-outputs", (HttpContext c, string channelId) => ControlEndpoints.Run(c, body =>
        {
            account.SetActiveOutputs(
                channelId,
                (string?)body["groupName"] ?? throw ApiException.BadRequest("groupName is required."),
                (int?)body["pipeline"] ?? 0,
                (double?)body["value"]);
            return new JsonObject { ["ok"] = true };
        }));

        app.MapPut("/_emulator/rejected-urls", (HttpContext c) => ControlEndpoints.Run(c, body =>
        {
            account.RejectUrl(
                (string?)body["url"] ?? throw ApiException.BadRequest("url is required."),
                (bool?)body["rejected"] ?? true);
            return new JsonObject { ["ok"] = true };
        }));

        channels.MapDelete("", (HttpContext c, string channelId) => ControlEndpoints.Run(c, _ =>
        {
            account.RemoveChannel(channelId);
            return new JsonObject { ["ok"] = true };
        }));
    }
}
