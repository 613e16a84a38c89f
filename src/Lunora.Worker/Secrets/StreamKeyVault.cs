using System.Collections.Concurrent;

namespace Lunora.Worker.Secrets;

/// <summary>
/// The stream keys this process has read, in memory only, by fingerprint: the reader fingerprints each key once and the
/// gateway sends exactly the key a plan was made with, without a second lookup that could fail or see a rotated key.
/// Also the last good key of each parameter, so a parameter that turns unreadable does not take a working output
/// off the channel. Never logged, traced or serialized.
/// </summary>
public sealed class StreamKeyVault
{
    private readonly ConcurrentDictionary<string, string> _byFingerprint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastGood = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="key"/> and returns its fingerprint.</summary>
    public string Remember(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fingerprint = StreamKeyFingerprint.Of(key);
        _byFingerprint[fingerprint] = key;
        return fingerprint;
    }

    /// <summary>Records that <paramref name="parameterName"/> was last read as the key behind <paramref name="fingerprint"/>.</summary>
    public void RememberGood(string parameterName, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        ArgumentNullException.ThrowIfNull(fingerprint);
        _lastGood[parameterName] = fingerprint;
    }

    /// <summary>The fingerprint of the last key read from the parameter, or null when it was never read in this process.</summary>
    public string? LastGood(string parameterName) =>
        _lastGood.TryGetValue(parameterName, out var fingerprint) && _byFingerprint.ContainsKey(fingerprint) ? fingerprint : null;

    public string? KeyFor(string fingerprint) => _byFingerprint.TryGetValue(fingerprint, out var key) ? key : null;

    public override string ToString() => $"StreamKeyVault {{ Keys = {_byFingerprint.Count} }}";
}
