using System.Globalization;
using Lunora.Emulator.State;

namespace Lunora.Emulator.Api;

/// <summary>The MediaLive rest-json routes, paths and wire names as in the service model.</summary>
internal static class MediaLiveEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorAccount account, RequestGate gate)
    {
#pragma warning disable ASP0016 // False positive: the analyzer reads the inner handler's Task<JsonObject>; the route returns Task.
        app.MapGet("/prod/channels", Task (HttpContext c) => gate.RunAsync(c, "ListChannels", ServiceKind.MediaLive, () =>
            Task.FromResult(account.ListChannels(IntQuery(c, "maxResults"), c.Request.Query["nextToken"]))));
#pragma warning restore ASP0016

        app.MapGet("/prod/channels/{channelId}", Task (HttpContext c, string channelId) => gate.RunAsync(c, "DescribeChannel", ServiceKind.MediaLive, () =>
            Task.FromResult(account.DescribeChannel(channelId))));

        app.MapPut("/prod/channels/{channelId}", Task (HttpContext c, string channelId) => gate.RunAsync(c, "UpdateChannel", ServiceKind.MediaLive, async () =>
            account.UpdateChannel(channelId, await JsonBody.ReadObjectAsync(c.Request, ApiException.BadRequest))));

        app.MapPost("/prod/channels/{channelId}/start", Task (HttpContext c, string channelId) => gate.RunAsync(c, "StartChannel", ServiceKind.MediaLive, () =>
            Task.FromResult(account.StartChannel(channelId))));

        app.MapPost("/prod/channels/{channelId}/stop", Task (HttpContext c, string channelId) => gate.RunAsync(c, "StopChannel", ServiceKind.MediaLive, () =>
            Task.FromResult(account.StopChannel(channelId))));

        app.MapGet("/prod/channels/{channelId}/alerts", Task (HttpContext c, string channelId) => gate.RunAsync(c, "ListAlerts", ServiceKind.MediaLive, () =>
            Task.FromResult(account.ListAlerts(channelId, c.Request.Query["stateFilter"], IntQuery(c, "maxResults"), c.Request.Query["nextToken"]))));

        app.MapGet("/prod/inputs/{inputId}", Task (HttpContext c, string inputId) => gate.RunAsync(c, "DescribeInput", ServiceKind.MediaLive, () =>
            Task.FromResult(account.DescribeInput(inputId))));
    }

    private static int? IntQuery(HttpContext context, string name)
    {
        string? text = context.Request.Query[name];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"{name} must be an integer.");
    }
}
