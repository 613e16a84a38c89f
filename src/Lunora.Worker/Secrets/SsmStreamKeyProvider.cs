using System.Collections.Concurrent;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Lunora.Worker.Secrets;

/// <summary>
/// Stream keys from SSM Parameter Store (SecureString, decrypted). Cached briefly so a reconcile run does not cost one
/// call per destination; a missing parameter is remembered for a shorter time so a fix shows up quickly.
/// </summary>
public sealed partial class SsmStreamKeyProvider(
    IAmazonSimpleSystemsManagement ssm,
    StreamKeyParameterNames names,
    TimeProvider time,
    ILogger<SsmStreamKeyProvider> logger) : IStreamKeyProvider
{
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan MissingCacheFor { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<string?> GetAsync(string parameterName, CancellationToken cancellationToken)
    {
        var fullName = names.Resolve(parameterName);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(fullName, out var cached) && cached.Until > now)
        {
            return cached.Value;
        }

        string? value;
        try
        {
            var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = fullName, WithDecryption = true }, cancellationToken);
            value = response.Parameter?.Value;
        }
        catch (ParameterNotFoundException)
        {
            value = null;
        }
        catch (AmazonSimpleSystemsManagementException e) when (e.ErrorCode is "AccessDeniedException" or "ValidationException")
        {
            LogRefused(logger, fullName, e.ErrorCode);
            throw new StreamKeyParameterRefusedException(parameterName, $"cannot be read ({e.ErrorCode})");
        }

        _cache[fullName] = (value, now + (value is null ? MissingCacheFor : CacheFor));
        return value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream key parameter {ParameterName} cannot be read: {ErrorCode}")]
    private static partial void LogRefused(ILogger logger, string parameterName, string errorCode);
}
