using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Worker.Aws;

namespace Lunora.Worker.MediaLive;

/// <summary>
/// Which of Lunora's outputs a 422 is about. Each validation error's element path is followed into the body that was
/// sent: <c>destinations[i]…</c> and <c>encoderSettings.outputGroups[i]…</c> name an output whose group (and destination
/// description id) is Lunora's. Only when every error lands on one of ours are destinations blamed; anything else is
/// the whole update's failure.
/// </summary>
public static partial class RejectedOutputs
{
    /// <returns>Destination id to reason, or null when some error is not about one of our outputs.</returns>
    public static ImmutableDictionary<string, string>? Attribute(
        JsonObject body,
        AwsUnprocessableEntityException error,
        IReadOnlyDictionary<string, string> destinationByGroup)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(destinationByGroup);
        if (error.ValidationErrors.IsDefaultOrEmpty)
        {
            return null;
        }

        var reasons = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var v in error.ValidationErrors)
        {
            if (GroupAt(body, v.ElementPath) is not { } group || !destinationByGroup.TryGetValue(group, out var destination))
            {
                return null;
            }

            var reason = $"MediaLive rejected this destination's settings: {v.ErrorMessage}";
            reasons[destination] = reasons.TryGetValue(destination, out var earlier) ? $"{earlier}; {v.ErrorMessage}" : reason;
        }

        return reasons.ToImmutable();
    }

    private static string? GroupAt(JsonObject body, string path)
    {
        var match = PathPattern().Match(path);
        if (!match.Success)
        {
            return null;
        }

        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var list = match.Groups["list"].Value == "destinations"
            ? body["destinations"] as JsonArray
            : body["encoderSettings"]?["outputGroups"] as JsonArray;
        if (list is null || index >= list.Count)
        {
            return null;
        }

        var key = match.Groups["list"].Value == "destinations" ? "id" : "name";
        return (string?)list[index]?[key];
    }

    // Both spellings: "destinations[1].settings[0].url" and "/encoderSettings/outputGroups/2/name".
    [GeneratedRegex(@"^/?(?<list>destinations|encoderSettings[./]outputGroups)(?:\[(?<index>\d+)\]|/(?<index>\d+))", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
