using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Worker.Tests.Deploy;
using YamlDotNet.RepresentationModel;

namespace Lunora.Worker.Tests.RelayStandIn;

/// <summary>
/// Checks requests and responses against MediaMTX's openapi.yaml (third_party/mediamtx-v1.20.1): the operation
/// exists, required parameters are there and well-typed, bodies match their schemas, the status is documented. The
/// subset of OpenAPI 3.0 the file uses: $ref, type, properties, items, enum, nullable, allOf, formats uuid/int64/uint64.
/// Stricter than the file on one point: a property the schema does not list is a violation (MediaMTX refuses unknown
/// fields), so the stand-in cannot invent fields and the client cannot send any.
/// </summary>
internal sealed class OpenApiChecker
{
    private static readonly Lazy<OpenApiChecker> Shared = new(() => new OpenApiChecker(Path.Combine(RepositoryPaths.Root, "third_party", "mediamtx-v1.20.1", "openapi.yaml")));

    private readonly JsonObject _document;
    private readonly List<(string Method, Regex Path, JsonObject Operation, string Template)> _operations = [];

    private OpenApiChecker(string file)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file))
        {
            yaml.Load(reader);
        }

        _document = (JsonObject)ToJson(yaml.Documents[0].RootNode)!;
        foreach (var (template, item) in _document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(template, @"\{(\w+)\}|[^{]+", m => m.Groups[1].Success ? $"(?<{m.Groups[1].Value}>.+)" : Regex.Escape(m.Value)) + "$";
            foreach (var (method, operation) in item!.AsObject())
            {
                _operations.Add((method.ToUpperInvariant(), new Regex(pattern, RegexOptions.CultureInvariant), operation!.AsObject(), template));
            }
        }
    }

    public static OpenApiChecker Instance => Shared.Value;

    /// <summary>Violations of one request (empty when it conforms).</summary>
    public IReadOnlyList<string> CheckRequest(string method, Uri uri, JsonNode? body, bool hasBody)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var errors = new List<string>();
        if (Find(method, uri.AbsolutePath, errors) is not { } found)
        {
            return errors;
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        foreach (var parameter in (found.Operation["parameters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = parameter["name"]!.GetValue<string>();
            var where = parameter["in"]!.GetValue<string>();
            string? value = where switch
            {
                "query" => query.TryGetValue(name, out var v) ? v.ToString() : null,
                "path" => found.Match.Groups[name].Success ? Uri.UnescapeDataString(found.Match.Groups[name].Value) : null,
                _ => null,
            };
            if (value is null)
            {
                if (parameter["required"]?.GetValue<bool>() == true)
                {
                    errors.Add($"{method} {found.Template}: required {where} parameter '{name}' missing");
                }

                continue;
            }

            var schema = Resolve(parameter["schema"]!.AsObject());
            JsonNode? typed = schema["type"]?.GetValue<string>() == "integer"
                ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value)
                : JsonValue.Create(value);
            Check(schema, typed, $"{method} {found.Template} {where} '{name}'", errors);
        }

        var requestBody = found.Operation["requestBody"] as JsonObject;
        if (requestBody is null && hasBody)
        {
            errors.Add($"{method} {found.Template}: takes no body");
        }
        else if (requestBody is not null)
        {
            if (!hasBody)
            {
                if (requestBody["required"]?.GetValue<bool>() == true)
                {
                    errors.Add($"{method} {found.Template}: body required");
                }
            }
            else
            {
                Check(requestBody["content"]!["application/json"]!["schema"]!.AsObject(), body, $"{method} {found.Template} body", errors);
            }
        }

        return errors;
    }

    /// <summary>Violations of one response to a request that conformed.</summary>
    public IReadOnlyList<string> CheckResponse(string method, Uri uri, int status, string? contentType, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var errors = new List<string>();
        if (Find(method, uri.AbsolutePath, errors) is not { } found)
        {
            return errors;
        }

        var responses = found.Operation["responses"]!.AsObject();
        if (responses[status.ToString(CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            // 401 is MediaMTX's answer to any call without valid credentials, outside every operation's list.
            if (status == 401)
            {
                Check(new JsonObject { ["$ref"] = "#/components/schemas/Error" }, body, $"{method} {found.Template} 401", errors);
            }
            else
            {
                errors.Add($"{method} {found.Template}: status {status} is not documented");
            }

            return errors;
        }

        if (response["content"]?["application/json"]?["schema"] is JsonObject schema)
        {
            if (contentType is null || !contentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                errors.Add($"{method} {found.Template} {status}: content type {contentType ?? "(none)"} is not application/json");
            }

            Check(schema, body, $"{method} {found.Template} {status}", errors);
        }

        return errors;
    }

    /// <summary>Violations of <paramref name="value"/> against a schema given by name (components.schemas).</summary>
    public IReadOnlyList<string> CheckSchema(string schemaName, JsonNode? value)
    {
        var errors = new List<string>();
        Check(new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName }, value, schemaName, errors);
        return errors;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar when scalar.Value is "true" or "false" => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar when long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static string Kind(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => value.AsValue().TryGetValue<long>(out _) || (value.AsValue().TryGetValue<decimal>(out var d) && d == decimal.Truncate(d)) ? "integer" : "number",
        _ => "unknown",
    };

    private (Match Match, JsonObject Operation, string Template)? Find(string method, string path, List<string> errors)
    {
        foreach (var (m, regex, operation, template) in _operations)
        {
            if (m == method && regex.Match(path) is { Success: true } match)
            {
                return (match, operation, template);
            }
        }

        errors.Add($"{method} {path}: no such operation in MediaMTX's API");
        return null;
    }

    private JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var node = (JsonNode)_document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
            {
                node = node[part] ?? throw new InvalidOperationException($"Unresolved {reference}");
            }

            schema = node.AsObject();
        }

        return schema;
    }

    private void Check(JsonObject schemaOrRef, JsonNode? value, string at, List<string> errors)
    {
        var schema = Resolve(schemaOrRef);
        var kind = Kind(value);
        if (kind == "null")
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{at}: null where {schema["type"]?.GetValue<string>() ?? "a value"} is required");
            }

            return;
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Check(part, value, at, errors);
        }

        var type = schema["type"]?.GetValue<string>();
        if (type is not null && type != kind && !(type == "number" && kind == "integer"))
        {
            errors.Add($"{at}: {kind} where {type} is required");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value!.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        switch (schema["format"]?.GetValue<string>())
        {
            case "uuid" when kind == "string" && !Guid.TryParseExact(value!.GetValue<string>(), "D", out _):
                errors.Add($"{at}: '{value.GetValue<string>()}' is not a UUID");
                break;
            case "uint64" when kind == "integer" && value!.AsValue().TryGetValue<long>(out var u) && u < 0:
                errors.Add($"{at}: {u} is negative where uint64 is required");
                break;
        }

        if (kind == "object" && schema["properties"] is JsonObject properties)
        {
            foreach (var (name, member) in value!.AsObject())
            {
                if (properties[name] is JsonObject property)
                {
                    Check(property, member, $"{at}.{name}", errors);
                }
                else
                {
                    errors.Add($"{at}: property '{name}' is not in the schema");
                }
            }
        }

        if (kind == "array" && schema["items"] is JsonObject items)
        {
            var i = 0;
            foreach (var item in value!.AsArray())
            {
                Check(items, item, $"{at}[{i++}]", errors);
            }
        }
    }
}
