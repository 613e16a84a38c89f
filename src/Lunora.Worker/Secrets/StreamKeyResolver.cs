using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Lunora.Worker.Secrets;

/// <summary>
/// Reads a stream key parameter into the vault and says, per parameter, why it could not be read: a key failure is
/// the failure of the destinations that name it, never of the whole read (throttling, a denied or missing parameter).
/// </summary>
public sealed partial class StreamKeyResolver(IStreamKeyProvider keys, StreamKeyVault vault, ILogger<StreamKeyResolver> logger)
{
    // Parameters whose last read failed, with why: a failure is logged when it starts or changes, not on every read.
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);

    public StreamKeyVault Vault => vault;

    public async Task<StreamKeyReading> ReadAsync(string parameterName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        try
        {
            var key = await keys.GetAsync(parameterName, cancellationToken);
            if (key is null)
            {
                return Failed(parameterName, "not found");
            }

            var fingerprint = vault.Remember(key);
            vault.RememberGood(parameterName, fingerprint);
            if (_failing.TryRemove(parameterName, out _))
            {
                LogReadable(logger, parameterName);
            }

            return new StreamKeyReading(fingerprint, null);
        }
        catch (StreamKeyParameterRefusedException e)
        {
            return Failed(parameterName, e.Reason ?? "could not be read: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Transient (throttling, a 5xx, the network): the next read tries again. Only the error's code is kept:
            // some services quote the request in their messages.
            var code = e is AmazonServiceException { ErrorCode: { Length: > 0 } errorCode } ? errorCode : e.GetType().Name;
            return Failed(parameterName, $"could not be read ({code})");
        }
    }

    private StreamKeyReading Failed(string parameterName, string problem)
    {
        if (!_failing.TryGetValue(parameterName, out var previous) || previous != problem)
        {
            _failing[parameterName] = problem;
            LogUnreadable(logger, parameterName, problem);
        }

        return new StreamKeyReading(null, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream key parameter {ParameterName} {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string parameterName, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream key parameter {ParameterName} is readable again")]
    private static partial void LogReadable(ILogger logger, string parameterName);
}
