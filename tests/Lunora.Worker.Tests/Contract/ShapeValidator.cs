using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lunora.Worker.Tests.Contract;

/// <summary>
/// Checks a JSON request body against an operation's input shape in the official model: wire member names and casing,
/// required members, enums, list/map/structure types, JSON primitive types, and the bounds the model states either as
/// min/max or only in the shape name (<c>__integerMin30</c>, <c>__stringMin1Max32</c>).
/// </summary>
public static partial class ShapeValidator
{
    /// <summary>Validates the body members of <paramref name="operation"/>'s input (members bound to the URI, query or headers are excluded).</summary>
    public static IReadOnlyList<string> ValidateInput(ServiceModel model, string operation, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(model);
        var op = model.Operations[operation] ?? throw new InvalidOperationException($"No operation {operation}.");
        var errors = new List<string>();
        var inputName = op["input"]?["shape"]?.GetValue<string>();
        if (inputName is null)
        {
            if (body is JsonObject { Count: > 0 })
            {
                errors.Add($"{operation}: takes no input but a body was sent");
            }

            return errors;
        }

        var input = model.Shape(inputName);
        body = Reparse(body);
        if (body is null)
        {
            // Bodiless requests (GET, or POST without payload) are fine when no body member is required.
            foreach (var required in Required(input))
            {
                var member = input["members"]![required]!.AsObject();
                if (member["location"] is null)
                {
                    errors.Add($"{operation}: required body member {WireName(model, required, member)} missing (no body)");
                }
            }

            return errors;
        }

        ValidateStructure(model, input, body, "$", errors, bodyOnly: true);
        return errors;
    }

    public static IReadOnlyList<string> ValidateShape(ServiceModel model, string shapeName, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(model);
        var errors = new List<string>();
        Validate(model, shapeName, Reparse(value), "$", errors);
        return errors;
    }

    private static void Validate(ServiceModel model, string shapeName, JsonNode? value, string path, List<string> errors)
    {
        var shape = model.Shape(shapeName);
        if (value is null)
        {
            errors.Add($"{path}: null is never sent by an AWS serializer ({shapeName})");
            return;
        }

        var type = shape["type"]!.GetValue<string>();
        switch (type)
        {
            case "structure":
                ValidateStructure(model, shape, value, path, errors, bodyOnly: false);
                break;
            case "list":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: expected a list ({shapeName})");
                    return;
                }

                CheckBounds(shapeName, shape, array.Count, path, "items", errors);
                var memberShape = shape["member"]!["shape"]!.GetValue<string>();
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(model, memberShape, array[i], $"{path}[{i}]", errors);
                }

                break;
            case "map":
                if (value is not JsonObject map)
                {
                    errors.Add($"{path}: expected a map ({shapeName})");
                    return;
                }

                var valueShape = shape["value"]!["shape"]!.GetValue<string>();
                var keyShape = shape["key"]!["shape"]!.GetValue<string>();
                foreach (var (key, item) in map)
                {
                    Validate(model, keyShape, JsonValue.Create(key), $"{path}.<key {key}>", errors);
                    Validate(model, valueShape, item, $"{path}.{key}", errors);
                }

                break;
            case "string":
                if (!IsKind(value, JsonValueKind.String))
                {
                    errors.Add($"{path}: expected a string ({shapeName})");
                    return;
                }

                var text = value.GetValue<string>();
                if (shape["enum"] is JsonArray allowed && !allowed.Any(a => a!.GetValue<string>() == text))
                {
                    errors.Add($"{path}: '{text}' is not one of {shapeName}'s values");
                }

                CheckBounds(shapeName, shape, text.Length, path, "characters", errors);
                break;
            case "integer" or "long":
                if (!IsKind(value, JsonValueKind.Number) || !IsIntegral(value))
                {
                    errors.Add($"{path}: expected an integer ({shapeName})");
                    return;
                }

                CheckBounds(shapeName, shape, value.GetValue<JsonElement>().GetDouble(), path, "", errors);
                break;
            case "double" or "float":
                if (!IsKind(value, JsonValueKind.Number))
                {
                    errors.Add($"{path}: expected a number ({shapeName})");
                    return;
                }

                CheckBounds(shapeName, shape, value.GetValue<JsonElement>().GetDouble(), path, "", errors);
                break;
            case "boolean":
                if (!IsKind(value, JsonValueKind.True) && !IsKind(value, JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean ({shapeName})");
                }

                break;
            case "timestamp":
                var format = shape["timestampFormat"]?.GetValue<string>() ?? "unixTimestamp";
                var ok = format == "unixTimestamp" ? IsKind(value, JsonValueKind.Number) : IsKind(value, JsonValueKind.String);
                if (!ok)
                {
                    errors.Add($"{path}: expected a {format} timestamp ({shapeName})");
                }

                break;
            case "blob":
                if (!IsKind(value, JsonValueKind.String))
                {
                    errors.Add($"{path}: expected a base64 string ({shapeName})");
                }

                break;
            default:
                errors.Add($"{path}: unsupported shape type {type} ({shapeName})");
                break;
        }
    }

    private static void ValidateStructure(ServiceModel model, JsonObject shape, JsonNode value, string path, List<string> errors, bool bodyOnly)
    {
        if (value is not JsonObject obj)
        {
            errors.Add($"{path}: expected an object");
            return;
        }

        var members = shape["members"]!.AsObject();
        var byWire = new Dictionary<string, (string Name, JsonObject Member)>(StringComparer.Ordinal);
        foreach (var (name, memberNode) in members)
        {
            var member = memberNode!.AsObject();
            if (bodyOnly && member["location"] is not null)
            {
                continue;
            }

            byWire[WireName(model, name, member)] = (name, member);
        }

        foreach (var (key, item) in obj)
        {
            if (!byWire.TryGetValue(key, out var m))
            {
                var near = byWire.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                errors.Add(near is null ? $"{path}: unknown member '{key}'" : $"{path}: member '{key}' has the wrong casing (model: '{near}')");
                continue;
            }

            Validate(model, m.Member["shape"]!.GetValue<string>(), item, $"{path}.{key}", errors);
        }

        foreach (var required in Required(shape))
        {
            var member = members[required]!.AsObject();
            if (bodyOnly && member["location"] is not null)
            {
                continue;
            }

            var wire = WireName(model, required, member);
            if (!obj.ContainsKey(wire))
            {
                errors.Add($"{path}: required member '{wire}' missing");
            }
        }

        if (shape["union"]?.GetValue<bool>() == true && obj.Count > 1)
        {
            errors.Add($"{path}: a union takes exactly one member, got {obj.Count}");
        }
    }

    private static string WireName(ServiceModel model, string memberName, JsonObject member) =>
        model.Protocol == "rest-json" ? member["locationName"]?.GetValue<string>() ?? memberName : memberName;

    private static IEnumerable<string> Required(JsonObject shape) =>
        shape["required"] is JsonArray required ? required.Select(r => r!.GetValue<string>()) : [];

    private static void CheckBounds(string shapeName, JsonObject shape, double actual, string path, string unit, List<string> errors)
    {
        var (min, max) = Bounds(shapeName, shape);
        var suffix = unit.Length == 0 ? "" : " " + unit;
        if (min is { } lo && actual < lo)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {actual}{suffix} is below the minimum {lo} ({shapeName})"));
        }

        if (max is { } hi && actual > hi)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {actual}{suffix} is above the maximum {hi} ({shapeName})"));
        }
    }

    /// <summary>Bounds from min/max when present, else from the shape name (MediaLive's model encodes them only there).</summary>
    internal static (double? Min, double? Max) Bounds(string shapeName, JsonObject shape)
    {
        double? min = shape["min"]?.GetValue<double>();
        double? max = shape["max"]?.GetValue<double>();
        var m = NameBounds().Match(shapeName);
        if (m.Success)
        {
            if (min is null && m.Groups["min"].Success)
            {
                min = double.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture) * (m.Groups["minNeg"].Success ? -1 : 1);
            }

            if (max is null && m.Groups["max"].Success)
            {
                max = double.Parse(m.Groups["max"].Value, CultureInfo.InvariantCulture) * (m.Groups["maxNeg"].Success ? -1 : 1);
            }
        }

        return (min, max);
    }

    // Nodes built in memory hold CLR primitives; the wire form is what the model describes.
    private static JsonNode? Reparse(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    private static bool IsKind(JsonNode node, JsonValueKind kind) => node is JsonValue v && v.GetValueKind() == kind;

    private static bool IsIntegral(JsonNode node)
    {
        var d = node.GetValue<JsonElement>().GetDouble();
        return Math.Abs(d - Math.Round(d)) < double.Epsilon;
    }

    [GeneratedRegex(@"^__(?:integer|long|double|string)(?:Min(?<minNeg>Negative)?(?<min>\d+))?(?:Max(?<maxNeg>Negative)?(?<max>\d+))?(?:Pattern.*)?$")]
    private static partial Regex NameBounds();
}
