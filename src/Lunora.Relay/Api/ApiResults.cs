using System.Globalization;
using System.Text.Json.Nodes;

namespace Lunora.Relay.Api;

/// <summary>MediaMTX's answers: <c>OK</c>, <c>Error</c>, and its pagination (internal/api/paginate.go).</summary>
internal static class ApiResults
{
    public static Task OkAsync(HttpContext context) => JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["status"] = "ok" });

    public static Task ErrorAsync(HttpContext context, int status, string error) =>
        JsonAsync(context, status, new JsonObject { ["status"] = "error", ["error"] = error });

    public static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>A list page: <c>{itemCount, pageCount, items}</c>; null and an error when the paging parameters are invalid.</summary>
    public static JsonObject? Page(IReadOnlyList<JsonNode> all, HttpRequest request, out string error)
    {
        error = "";
        var itemsPerPage = 100;
        var page = 0;
        if (request.Query["itemsPerPage"].ToString() is { Length: > 0 } perPageText)
        {
            if (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out itemsPerPage) || itemsPerPage == 0)
            {
                error = "invalid items per page";
                return null;
            }
        }

        if (request.Query["page"].ToString() is { Length: > 0 } pageText && !int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page))
        {
            error = "invalid page";
            return null;
        }

        var pageCount = all.Count == 0 ? 0 : (all.Count + itemsPerPage - 1) / itemsPerPage;
        var items = new JsonArray([.. all.Skip((int)Math.Min((long)page * itemsPerPage, all.Count)).Take(itemsPerPage).Select(i => i.DeepClone())]);
        return new JsonObject { ["itemCount"] = all.Count, ["pageCount"] = pageCount, ["items"] = items };
    }

    /// <summary>Go's time.Time in JSON (RFC 3339, UTC).</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
