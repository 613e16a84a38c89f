using System.Collections.Concurrent;
using Lunora.Worker.Aws;

namespace Lunora.Worker.Tests.Aws;

public sealed class RecordingObserver : IAwsCallObserver
{
    public ConcurrentQueue<(string Service, string Operation, string Outcome)> Calls { get; } = new();

    public ConcurrentQueue<(string Service, string Operation)> Retries { get; } = new();

    public void Call(string service, string operation, string outcome, TimeSpan duration) => Calls.Enqueue((service, operation, outcome));

    public void Retry(string service, string operation) => Retries.Enqueue((service, operation));
}
