using Lunora.Worker.Telemetry;

namespace Lunora.Worker.Aws;

/// <summary>Feeds AWS attempts and retries into <see cref="LunoraMetrics"/> (lunora.aws.*).</summary>
public sealed class MetricsAwsCallObserver(LunoraMetrics metrics) : IAwsCallObserver
{
    public void Call(string service, string operation, string outcome, TimeSpan duration) => metrics.AwsCall(service, operation, outcome, duration);

    public void Retry(string service, string operation) => metrics.AwsRetry(service, operation);
}
