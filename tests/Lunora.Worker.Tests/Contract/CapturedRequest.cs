using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Contract;

public sealed record CapturedRequest(
    string Operation,
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public JsonObject? Json => Body.Length == 0 ? null : JsonNode.Parse(Body)?.AsObject();
}
