using System.Net;
using Amazon.Runtime;
using Lunora.Worker.Aws;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Lunora.Worker.Preflight;

/// <summary>
/// Runs checks one after another. A transient failure (throttling, 5xx, timeout, connection) is retried briefly with
/// jittered backoff; whatever still throws becomes a failed result naming the permission the check needs.
/// </summary>
public sealed class PreflightRunner
{
    private static readonly HashSet<string> DeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException",
        "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "InvalidSignatureException", "ForbiddenException",
    };

    // Server-side failures some services report with a 4xx-looking code; throttling codes come from AwsErrorClassifier.
    private static readonly HashSet<string> ServerFailureCodes = new(StringComparer.Ordinal)
    {
        "InternalServerError", "ServiceUnavailable", "InternalFailure",
    };

    private readonly ResiliencePipeline _pipeline;

    public PreflightRunner(TimeProvider timeProvider, PreflightRetryOptions? retry = null)
    {
        retry ??= PreflightRetryOptions.Default;
        var options = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
            MaxRetryAttempts = retry.MaxRetryAttempts,
            Delay = retry.BaseDelay,
            MaxDelay = retry.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        if (retry.Randomizer is { } randomizer)
        {
            options.Randomizer = randomizer;
        }

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(options)
            .AddTimeout(retry.AttemptTimeout)
            .Build();
    }

    public async Task<PreflightReport> RunAsync(IEnumerable<IPreflightCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new List<PreflightResult>();
        foreach (var check in checks)
        {
            results.Add(await RunOneAsync(check, cancellationToken).ConfigureAwait(false));
        }

        return new PreflightReport(results);
    }

    private async Task<PreflightResult> RunOneAsync(IPreflightCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async ct => await check.RunAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return IsDenied(e)
                ? PreflightResult.Fail(check.Name, $"access denied ({Code(e)})", $"allow {check.Permission} for the task role, and check its credentials")
                : PreflightResult.Fail(check.Name, Describe(e), "check the endpoint, the network path and the credentials, then run `check` again");
        }
    }

    internal static bool IsTransient(Exception e) => e switch
    {
        TimeoutRejectedException => true,
        AmazonServiceException s => (int)s.StatusCode >= 500 || s.StatusCode == HttpStatusCode.TooManyRequests
            || AwsErrorClassifier.IsThrottlingCode(s.ErrorCode) || ServerFailureCodes.Contains(s.ErrorCode ?? "") || s.InnerException is HttpRequestException or IOException,
        AmazonClientException c => c.InnerException is HttpRequestException or IOException or TimeoutException,
        // MediaLive's client already retried these through its own pipeline; another round would only slow the verdict.
        AwsServiceException or AwsTimeoutException => false,
        _ => AwsErrorClassifier.IsTransient(e),
    };

    private static bool IsDenied(Exception e) => e switch
    {
        AwsForbiddenException => true,
        AwsServiceException a => DeniedCodes.Contains(a.ErrorType),
        AmazonServiceException s => s.StatusCode == HttpStatusCode.Forbidden || DeniedCodes.Contains(s.ErrorCode ?? ""),
        _ => false,
    };

    private static string Code(Exception e) => e switch
    {
        AwsServiceException a => a.ErrorType,
        AmazonServiceException s => s.ErrorCode ?? s.StatusCode.ToString(),
        _ => e.GetType().Name,
    };

    private static string Describe(Exception e) => e switch
    {
        // MediaLive messages may echo a channel document; the type and status are enough to act on.
        AwsServiceException a => $"{a.ErrorType} ({(int)a.StatusCode})",
        AmazonServiceException s => $"{s.ErrorCode} ({(int)s.StatusCode}): {s.Message}",
        TimeoutRejectedException or AwsTimeoutException => "no answer in time",
        HttpRequestException or IOException => "cannot reach the service: " + e.Message,
        AmazonClientException { InnerException: { } inner } => "cannot reach the service: " + inner.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
