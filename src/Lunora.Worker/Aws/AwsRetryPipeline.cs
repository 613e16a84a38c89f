using Polly;
using Polly.Retry;

namespace Lunora.Worker.Aws;

/// <summary>The Polly pipeline every AWS call goes through: retries exactly what <see cref="AwsErrorClassifier"/> calls transient.</summary>
public static class AwsRetryPipeline
{
    public static ResiliencePipeline Create(AwsRetryOptions options, TimeProvider timeProvider, Func<double>? randomizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && AwsErrorClassifier.IsTransient(e)),
            MaxRetryAttempts = options.MaxRetryAttempts,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        if (randomizer is not null)
        {
            retry.Randomizer = randomizer;
        }

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddRetry(retry).Build();
    }
}
