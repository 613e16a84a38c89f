using Amazon.Runtime;

namespace Lunora.Worker.Secrets;

/// <summary>
/// Reads a stream key parameter into the vault and says, per parameter, why it could not be read: a key failure is
/// the failure of the destinations that name it, never of the whole read (throttling, a denied or missing parameter).
/// </summary>
public sealed partial class StreamKeyResolver(IStreamKeyProvider keys, StreamKeyVault vault, ILogger<StreamKeyResolver> logger)
{
    public StreamKeyVault Vault => vault;

    public async Task<StreamKeyReading> ReadAsync(string parameterName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        try
        {
            var key = await keys.GetAsync(parameterName, cancellationToken);
            if (key is null)
            {
                return new StreamKeyReading(null, "not found");
            }

            var fingerprint = vault.Remember(key);
            vault.RememberGood(parameterName, fingerprint);
            return new StreamKeyReading(fingerprint, null);
        }
        catch (StreamKeyParameterRefusedException e)
        {
            return new StreamKeyReading(null, e.Reason ?? "could not be read: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Transient (throttling, a 5xx, the network): the next read tries again. Only the error's code is kept:
            // some services quote the request in their messages.
            var code = e is AmazonServiceException { ErrorCode: { Length: > 0 } errorCode } ? errorCode : e.GetType().Name;
            LogReadFailed(logger, parameterName, code);
            return new StreamKeyReading(null, $"could not be read ({code})");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream key parameter {ParameterName} could not be read: {ErrorCode}")]
    private static partial void LogReadFailed(ILogger logger, string parameterName, string errorCode);
}
