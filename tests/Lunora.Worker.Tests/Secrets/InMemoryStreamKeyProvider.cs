using System.Collections.Concurrent;
using Lunora.Worker.Secrets;

namespace Lunora.Worker.Tests.Secrets;

/// <summary>Test double for Parameter Store: names to keys, nothing else.</summary>
public sealed class InMemoryStreamKeyProvider : IStreamKeyProvider
{
    public ConcurrentDictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public string this[string parameterName]
    {
        get => Keys[parameterName];
        set => Keys[parameterName] = value;
    }

    public Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken) =>
        Task.FromResult(Keys.TryGetValue(parameterName, out var key) ? key : null);
}
