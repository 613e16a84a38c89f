using System.Text.Json;

namespace Lunora.Worker.Secrets;

/// <summary>
/// Local stand-in for Parameter Store: a JSON object of parameter name to key (<c>STREAM_KEYS_FILE</c>), e.g.
/// <c>{"/lunora/stream-keys/youtube-main": "xxxx-xxxx"}</c>. Names are resolved with the same prefix rule as SSM;
/// the file is re-read when it changes.
/// </summary>
public sealed class FileStreamKeyProvider(string path, StreamKeyParameterNames names) : IStreamKeyProvider
{
    private readonly Lock _gate = new();
    private Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private DateTime _loadedVersion = DateTime.MinValue;

    public Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken)
    {
        var fullName = names.Resolve(parameterName);
        var keys = Load();
        return Task.FromResult(keys.TryGetValue(fullName, out var value) ? value : null);
    }

    private Dictionary<string, string> Load()
    {
        var version = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        lock (_gate)
        {
            if (version == _loadedVersion)
            {
                return _keys;
            }

            Dictionary<string, string> keys;
            try
            {
                keys = version == DateTime.MinValue
                    ? []
                    : JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
            }
            catch (JsonException)
            {
                // The message of a JsonException can quote the file: never let it out.
                throw new StreamKeyParameterRefusedException($"stream key file {path} is not a JSON object of name to key");
            }

            _keys = new Dictionary<string, string>(keys, StringComparer.Ordinal);
            _loadedVersion = version;
            return _keys;
        }
    }
}
