using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lunora.Emulator.Model;

/// <summary>
/// Checks a JSON body against a shape of the service model: member names (exact wire casing), required members,
/// enum values, JSON types and the min/max bounds MediaLive encodes only in shape names (<c>__integerMin30</c>).
/// </summary>
internal sealed partial class ModelValidator(ServiceModel model)
{
    /// <summary>Validates a request body; members bound to the URI, query string or headers are not body members.</summary>
    public IReadOnlyList<ValidationError> ValidateRequest(JsonObject body, string requestShape)
    {
        var errors = new List<ValidationError>();
        ValidateStructure(body, model.Shape(requestShape), string.Empty, errors, bodyOnly: true);
        return errors;
    }

    public IReadOnlyList<ValidationError> Validate(JsonNode? node, string shapeName)
    {
        var errors = new List<ValidationError>();
        ValidateNode(node, shapeName, string.Empty, errors);
        return errors;
    }

    private void ValidateNode(JsonNode? node, string shapeName, string path, List<ValidationError> errors)
    {
        var shape = model.Shape(shapeName);
        var type = (string)shape["type"]!;
        var where = path.Length == 0 ? "body" : path;
        if (node is null)
        {
            errors.Add(new ValidationError(where, "must not be null"));
            return;
        }

        switch (type)
        {
            case "structure":
                if (node is JsonObject obj)
                {
                    ValidateStructure(obj, shape, path, errors, bodyOnly: false);
                }
                else
                {
                    errors.Add(new ValidationError(where, "must be an object"));
                }

                break;
            case "list":
                if (node is JsonArray array)
                {
                    var memberShape = (string)shape["member"]!["shape"]!;
                    for (var i = 0; i < array.Count; i++)
                    {
                        ValidateNode(array[i], memberShape, $"{path}[{i}]", errors);
                    }
                }
                else
                {
                    errors.Add(new ValidationError(where, "must be an array"));
                }

                break;
            case "map":
                if (node is JsonObject map)
                {
                    var valueShape = (string)shape["value"]!["shape"]!;
                    foreach (var (key, value) in map)
                    {
                        ValidateNode(value, valueShape, Join(path, key), errors);
                    }
                }
                else
                {
                    errors.Add(new ValidationError(where, "must be an object"));
                }

                break;
            case "string":
                ValidateString(node, shapeName, shape, where, errors);
                break;
            case "integer" or "long":
                ValidateNumber(node, shapeName, where, errors, integral: true);
                break;
            case "double":
                ValidateNumber(node, shapeName, where, errors, integral: false);
                break;
            case "boolean":
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new ValidationError(where, "must be a boolean"));
                }

                break;
            case "timestamp":
                if (node.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    errors.Add(new ValidationError(where, "must be a timestamp"));
                }

                break;
            default:
                break;
        }
    }

    private void ValidateStructure(JsonObject obj, JsonObject shape, string path, List<ValidationError> errors, bool bodyOnly)
    {
        var members = shape["members"]!.AsObject();
        var byWireName = new Dictionary<string, (string Name, string Shape)>(StringComparer.Ordinal);
        foreach (var (name, member) in members)
        {
            if (bodyOnly && member!["location"] is not null)
            {
                continue;
            }

            var wireName = (string?)member!["locationName"] ?? name;
            byWireName[wireName] = (name, (string)member["shape"]!);
        }

        foreach (var (key, value) in obj)
        {
            if (!byWireName.TryGetValue(key, out var member))
            {
                errors.Add(new ValidationError(Join(path, key), "is not a member of the request (member names are case-sensitive)"));
                continue;
            }

            ValidateNode(value, member.Shape, Join(path, key), errors);
        }

        if (shape["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => (string)r!))
            {
                var member = members[name];
                if (member is null || (bodyOnly && member["location"] is not null))
                {
                    continue;
                }

                var wireName = (string?)member["locationName"] ?? name;
                if (obj[wireName] is null)
                {
                    errors.Add(new ValidationError(Join(path, wireName), "is required"));
                }
            }
        }
    }

    private static void ValidateString(JsonNode node, string shapeName, JsonObject shape, string where, List<ValidationError> errors)
    {
        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new ValidationError(where, "must be a string"));
            return;
        }

        var value = node.GetValue<string>();
        if (shape["enum"] is JsonArray allowed && !allowed.Any(a => string.Equals((string?)a, value, StringComparison.Ordinal)))
        {
            errors.Add(new ValidationError(where, $"must be one of [{string.Join(", ", allowed.Select(a => (string?)a))}]"));
            return;
        }

        var (min, max) = Bounds(shapeName);
        if (min is not null && value.Length < min)
        {
            errors.Add(new ValidationError(where, $"length must be at least {min}"));
        }

        if (max is not null && value.Length > max)
        {
            errors.Add(new ValidationError(where, $"length must be at most {max}"));
        }
    }

    private static void ValidateNumber(JsonNode node, string shapeName, string where, List<ValidationError> errors, bool integral)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            errors.Add(new ValidationError(where, integral ? "must be an integer" : "must be a number"));
            return;
        }

        var text = node.ToJsonString();
        var value = double.Parse(text, CultureInfo.InvariantCulture);
        if (integral && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            errors.Add(new ValidationError(where, "must be an integer"));
            return;
        }

        var (min, max) = Bounds(shapeName);
        if (min is not null && value < min)
        {
            errors.Add(new ValidationError(where, $"must be greater than or equal to {min.Value.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (max is not null && value > max)
        {
            errors.Add(new ValidationError(where, $"must be less than or equal to {max.Value.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private static (long? Min, long? Max) Bounds(string shapeName)
    {
        var match = BoundsPattern().Match(shapeName);
        if (!match.Success)
        {
            return (null, null);
        }

        static long? Read(Group negative, Group digits) =>
            digits.Success ? (negative.Success ? -1 : 1) * long.Parse(digits.Value, CultureInfo.InvariantCulture) : null;

        return (Read(match.Groups[1], match.Groups[2]), Read(match.Groups[3], match.Groups[4]));
    }

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    [GeneratedRegex(@"^__(?:integer|long|double|string)(?:Min(Negative)?(\d+))?(?:Max(Negative)?(\d+))?")]
    private static partial Regex BoundsPattern();
}
