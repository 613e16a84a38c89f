using Microsoft.Extensions.Logging;

namespace Lunora.Worker.Tests.Telemetry;

/// <summary>One log line as a provider saw it: the rendered message, its structured values, its scopes and exception text.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string>> State,
    IReadOnlyList<KeyValuePair<string, string>> Scopes,
    string? Exception)
{
    public string? Value(string name) =>
        State.Concat(Scopes).Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();

    public string? ScopeValue(string name) => Scopes.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();

    /// <summary>Everything a log sink could print, for searching.</summary>
    public string AllText() =>
        string.Join('\n', [Category, EventId.Name ?? "", Message, .. State.Select(p => p.Key + "=" + p.Value), .. Scopes.Select(p => p.Key + "=" + p.Value), Exception ?? ""]);
}
