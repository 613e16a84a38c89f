using Lunora.Worker.Secrets;

namespace Lunora.Worker.Tests.MediaLive;

public sealed class FakeStreamKeys : IStreamKeyProvider
{
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken) =>
        Task.FromResult(Keys.TryGetValue(parameterName, out var k) ? k : null);
}
