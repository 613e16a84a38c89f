using System.Text.Json;
using System.Text.Json.Nodes;
using Lunora.Relay.Paths;

namespace Lunora.Relay.Api;

/// <summary>
/// What the stand-in accepts in a <c>PathConf</c> body. MediaMTX refuses unknown fields (internal/conf/jsonwrapper);
/// so does the stand-in, with the field list read from the embedded openapi.yaml. Known fields it cannot reproduce are
/// refused by name instead of being silently ignored, unless they carry MediaMTX's default (docs/relay.md).
/// </summary>
internal static class PathConfRules
{
    private static readonly Lazy<HashSet<string>> Known = new(ReadKnownFields);

    /// <summary>Fields set to a value equal to MediaMTX's default change nothing, so they are accepted.</summary>
    private static readonly Dictionary<string, JsonValueKind> HarmlessDefaults = new(StringComparer.Ordinal)
    {
        ["alwaysAvailable"] = JsonValueKind.False,
        ["sourceOnDemand"] = JsonValueKind.False,
        ["record"] = JsonValueKind.False,
    };

    /// <summary>Null when the body can be applied; else the error MediaMTX-style (400).</summary>
    public static string? Check(JsonNode? body)
    {
        if (body is not JsonObject conf)
        {
            return "json: cannot unmarshal into a path configuration (an object is required)";
        }

        foreach (var (key, value) in conf)
        {
            if (!Known.Value.Contains(key))
            {
                return $"json: unknown field \"{key}\"";
            }

            var error = key switch
            {
                "name" => value is null || value.GetValueKind() == JsonValueKind.String ? null : "name must be a string",
                "source" => CheckSource(value),
                "forward" => CheckForward(value),
                _ when HarmlessDefaults.TryGetValue(key, out var kind) && (value is null || value.GetValueKind() == kind) => null,
                _ when value is null => null,
                _ => $"'{key}' is not reproduced by the Lunora relay stand-in (see docs/relay.md)",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>MediaMTX's path name rule (conf.IsValidPathName) without the regex (<c>~</c>) names, which the stand-in does not serve.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0
        && name[0] != '/' && name[^1] != '/' && name[0] != '~'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.');

    private static string? CheckSource(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return "source must be a string";
        }

        var source = value.GetValue<string>();
        return source is "" or "publisher"
            || (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme == "rtmp" && uri.Host.Length > 0)
            ? null
            : "source: only 'publisher' and rtmp:// sources are reproduced by the Lunora relay stand-in (see docs/relay.md)";
    }

    private static string? CheckForward(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not JsonArray list)
        {
            return "forward must be a list";
        }

        foreach (var entry in list)
        {
            if (entry is not JsonObject dest)
            {
                return "forward entries must be objects";
            }

            foreach (var (key, field) in dest)
            {
                if (key is not ("dest" or "destFingerprint" or "whipBearerToken"))
                {
                    return $"json: unknown field \"forward.{key}\"";
                }

                if (field is not null && field.GetValueKind() != JsonValueKind.String)
                {
                    return $"forward.{key} must be a string";
                }
            }

            if (!ForwardDestination.TryParse(dest["dest"]?.GetValue<string>(), out _, out var error))
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The property names of <c>components.schemas.PathConf</c>: a line scan is enough for this one block.</summary>
    private static HashSet<string> ReadKnownFields()
    {
        using var stream = typeof(PathConfRules).Assembly.GetManifestResourceStream("mediamtx-openapi.yaml")
            ?? throw new InvalidOperationException("The embedded openapi.yaml is missing.");
        using var reader = new StreamReader(stream);
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var inPathConf = false;
        var inProperties = false;
        while (reader.ReadLine() is { } line)
        {
            if (line == "    PathConf:")
            {
                inPathConf = true;
                continue;
            }

            if (!inPathConf)
            {
                continue;
            }

            if (line.Length > 0 && !line.StartsWith("      ", StringComparison.Ordinal))
            {
                break;
            }

            if (line == "      properties:")
            {
                inProperties = true;
            }
            else if (inProperties && line.StartsWith("        ", StringComparison.Ordinal) && line[8] != ' ' && line.EndsWith(':'))
            {
                fields.Add(line.Trim().TrimEnd(':'));
            }
        }

        return fields.Count > 0 ? fields : throw new InvalidOperationException("No PathConf fields found in openapi.yaml.");
    }
}
