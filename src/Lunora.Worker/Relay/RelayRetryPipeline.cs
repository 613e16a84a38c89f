using Polly;
using Polly.Retry;

namespace Lunora.Worker.Relay;

/// <summary>The Polly pipeline of relay API calls: retries exactly the transient <see cref="RelayApiException"/>s.</summary>
public static class RelayRetryPipeline
{
    public static ResiliencePipeline Create(RelayRetryOptions options, TimeProvider timeProvider, Func<double>? randomizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RelayApiException { Transient: true }),
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
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
