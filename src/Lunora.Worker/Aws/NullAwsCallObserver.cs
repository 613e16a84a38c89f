namespace Lunora.Worker.Aws;

/// <summary>For hosts without telemetry.</summary>
public sealed class NullAwsCallObserver : IAwsCallObserver
{
    public static readonly NullAwsCallObserver Instance = new();

    public void Call(string service, string operation, string outcome, TimeSpan duration)
    {
    }

    public void Retry(string service, string operation)
    {
    }
}
