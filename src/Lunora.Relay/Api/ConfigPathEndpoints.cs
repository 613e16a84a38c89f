using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Relay.Paths;

namespace Lunora.Relay.Api;

/// <summary><c>/v3/config/paths/*</c> as MediaMTX serves them (internal/api/api_config_paths.go).</summary>
internal static class ConfigPathEndpoints
{
    private const int MaxBody = 1 << 20;

    public static void Map(WebApplication app, PathTable paths)
    {
        app.MapGet("/v3/config/paths/list", async (HttpContext context) =>
        {
            var page = ApiResults.Page([.. await paths.ConfsAsync()], context.Request, out var error);
            await (page is null ? ApiResults.ErrorAsync(context, 400, error) : ApiResults.JsonAsync(context, 200, page));
        });

        app.MapGet("/v3/config/paths/get/{**name}", async (HttpContext context, string? name) =>
        {
            if (!Named(name))
            {
                await ApiResults.ErrorAsync(context, 400, "invalid name");
                return;
            }

            var conf = (await paths.ConfsAsync()).FirstOrDefault(c => c["name"]?.GetValue<string>() == name);
            await (conf is null ? ApiResults.ErrorAsync(context, 404, "path configuration not found") : ApiResults.JsonAsync(context, 200, conf));
        });

        app.MapPost("/v3/config/paths/add/{**name}", (HttpContext context, string? name) => ChangeAsync(context, name, paths.AddAsync));
        app.MapPatch("/v3/config/paths/patch/{**name}", (HttpContext context, string? name) => ChangeAsync(context, name, paths.PatchAsync));
        app.MapPost("/v3/config/paths/replace/{**name}", (HttpContext context, string? name) => ChangeAsync(context, name, paths.ReplaceAsync));
        app.MapDelete("/v3/config/paths/delete/{**name}", async (HttpContext context, string? name) =>
        {
            if (!Named(name))
            {
                await ApiResults.ErrorAsync(context, 400, "invalid name");
                return;
            }

            await Answer(context, await paths.DeleteAsync(name!));
        });
    }

    private static bool Named(string? name) => name is not null && PathConfRules.IsValidName(name);

    private static async Task ChangeAsync(HttpContext context, string? name, Func<string, JsonObject, Task<PathChange>> change)
    {
        if (!Named(name))
        {
            await ApiResults.ErrorAsync(context, 400, "invalid name");
            return;
        }

        JsonNode? body;
        try
        {
            using var limited = new MemoryStream();
            await context.Request.Body.CopyToAsync(limited, context.RequestAborted);
            if (limited.Length > MaxBody)
            {
                await ApiResults.ErrorAsync(context, 400, "body is too big");
                return;
            }

            body = JsonNode.Parse(limited.ToArray());
        }
        catch (JsonException error)
        {
            await ApiResults.ErrorAsync(context, 400, $"invalid JSON: {error.Message}");
            return;
        }

        if (PathConfRules.Check(body) is { } problem)
        {
            // The body may hold a forward's key: the error names the field, never echoes the value.
            await ApiResults.ErrorAsync(context, 400, problem);
            return;
        }

        await Answer(context, await change(name!, (JsonObject)body!));
    }

    private static Task Answer(HttpContext context, PathChange result) => result switch
    {
        PathChange.Done => ApiResults.OkAsync(context),
        PathChange.AlreadyExists => ApiResults.ErrorAsync(context, 400, "path already exists"),
        _ => ApiResults.ErrorAsync(context, 404, "path not found"),
    };
}
