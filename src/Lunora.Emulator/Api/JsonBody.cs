using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lunora.Emulator.Api;

/// <summary>Reads a request body as a JSON object, answering malformed input as a 400 the way the services do.</summary>
internal static class JsonBody
{
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, Func<string, ApiException> onError)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node as JsonObject ?? throw onError("The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw onError("The request body is not valid JSON.");
        }
    }
}
