using System.Text.Json.Nodes;

namespace Lunora.Relay.Paths;

/// <summary>
/// The path configuration (what <c>/v3/config/paths/*</c> reads and writes) and the runners that make it real. Every
/// change is applied at once, one at a time, the way MediaMTX hot-reloads: a path whose source is unchanged keeps its
/// reader and the unchanged prefix of its forwards; nothing else is touched.
/// </summary>
internal sealed class PathTable(RelayOptions options, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<string, JsonObject> _confs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PathRunner> _runners = new(StringComparer.Ordinal);

    public async Task<PathChange> AddAsync(string name, JsonObject conf) =>
        await ChangeAsync(name, () => _confs.ContainsKey(name) ? PathChange.AlreadyExists : Store(name, conf), "added");

    /// <summary>Fields given overwrite the stored ones (a list is replaced whole), as MediaMTX's copyStructFields does.</summary>
    public async Task<PathChange> PatchAsync(string name, JsonObject patch) =>
        await ChangeAsync(
            name,
            () =>
            {
                if (!_confs.TryGetValue(name, out var current))
                {
                    return PathChange.NotFound;
                }

                var merged = (JsonObject)current.DeepClone();
                foreach (var (key, value) in patch)
                {
                    merged[key] = value?.DeepClone();
                }

                return Store(name, merged);
            },
            "patched");

    /// <summary>MediaMTX's ReplacePath creates the path when it does not exist (internal/conf/conf.go).</summary>
    public async Task<PathChange> ReplaceAsync(string name, JsonObject conf) =>
        await ChangeAsync(name, () => Store(name, conf), "replaced");

    public async Task<PathChange> DeleteAsync(string name) =>
        await ChangeAsync(name, () => _confs.Remove(name) ? PathChange.Done : PathChange.NotFound, "deleted");

    public async Task<IReadOnlyList<JsonObject>> ConfsAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return [.. _confs.Values.Select(c => (JsonObject)c.DeepClone())];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<PathRunner>> RunnersAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return [.. _runners.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets every path and stops every session: a relay restarted with its state lost.</summary>
    public async Task ClearAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _confs.Clear();
            foreach (var runner in _runners.Values)
            {
                await runner.DisposeAsync();
            }

            _runners.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ClearAsync();
        _gate.Dispose();
    }

    private static string? SourceOf(JsonObject? conf) =>
        conf?["source"]?.GetValue<string>() is { Length: > 0 } source && source != "publisher" ? source : null;

    private static List<(string Dest, string? Fingerprint)> ForwardsOf(JsonObject conf) =>
        conf["forward"] is JsonArray list
            ? [.. list.OfType<JsonObject>().Select(f => (f["dest"]?.GetValue<string>() ?? "", f["destFingerprint"]?.GetValue<string>()))]
            : [];

    private PathChange Store(string name, JsonObject conf)
    {
        var stored = (JsonObject)conf.DeepClone();
        stored["name"] = name;
        _confs[name] = stored;
        return PathChange.Done;
    }

    private async Task<PathChange> ChangeAsync(string name, Func<PathChange> change, string verb)
    {
        await _gate.WaitAsync();
        try
        {
            var result = change();
            if (result == PathChange.Done)
            {
                RelayLog.PathChanged(logger, name, verb);
                await ApplyAsync(name, _confs.GetValueOrDefault(name));
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyAsync(string name, JsonObject? conf)
    {
        var source = SourceOf(conf);
        if (_runners.TryGetValue(name, out var running) && !string.Equals(running.Source, source, StringComparison.Ordinal))
        {
            // A new source is a path restart in MediaMTX too (pathConfCanBeUpdated is false).
            _runners.Remove(name);
            await running.DisposeAsync();
            running = null;
        }

        if (source is null || conf is null)
        {
            return;
        }

        if (running is null)
        {
            running = new PathRunner(name, source, options, logger);
            _runners[name] = running;
            running.Start();
        }

        await running.ReloadForwardsAsync(ForwardsOf(conf));
    }
}
