using System.Text.RegularExpressions;
using Lunora.Domain.Observed;

namespace Lunora.Worker.Health;

/// <summary>
/// Which Lunora output an alert is about, exactly or not at all. An alert naming one of our output groups belongs to it;
/// otherwise each URL the message names is compared whole with the URL each output sends to on the alert's pipeline.
/// Exactly one output must match: a URL two destinations share (one ingest, two stream keys) or a URL that merely starts
/// like ours (<c>…/live</c> in <c>…/live2</c>) blames nobody. Unattributed alerts are reported and fail nothing over.
/// </summary>
public static partial class AlertAttribution
{
    private static readonly HashSet<string> OutputAlertTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Failed RTMP Connection",
        "Failed to Create Output File or Socket",
        "Failed to Write to Output",
        "Failed to Validate Certificate Chain When Publishing",
    };

    /// <returns>The group name of the one output the alert is about, or null.</returns>
    public static string? Attribute(AlertSignal alert, IReadOnlyList<ObservedOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(outputs);
        if (!OutputAlertTypes.Contains(alert.AlertType))
        {
            return null;
        }

        var tokens = Tokens(alert.Message);
        var byGroup = outputs.Where(o => tokens.Contains(o.GroupName)).Select(o => o.GroupName).Distinct(StringComparer.Ordinal).ToList();
        if (byGroup.Count > 0)
        {
            return byGroup.Count == 1 ? byGroup[0] : null;
        }

        var urls = UrlPattern().Matches(alert.Message).Select(m => Normalize(m.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byUrl = outputs
            .Where(o => alert.Pipeline >= 0 && alert.Pipeline < o.Pipelines.Length && urls.Contains(Normalize(o.Pipelines[alert.Pipeline].Url)))
            .Select(o => o.GroupName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return byUrl.Count == 1 ? byUrl[0] : null;
    }

    // Messages quote names in brackets or quotes ("output group [lunora-a]"); a token is what lies between delimiters.
    private static HashSet<string> Tokens(string message) =>
        message.Split([' ', '[', ']', '\'', '"', '(', ')', ',', ';', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.TrimEnd('.', ':'))
            .ToHashSet(StringComparer.Ordinal);

    private static string Normalize(string url) => url.TrimEnd('.', ',', ';', ':', '/');

    [GeneratedRegex(@"(?:rtmps?|https?)://[^\s\[\]'""<>()]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
