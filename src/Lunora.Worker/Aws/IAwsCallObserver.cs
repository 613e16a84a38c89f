namespace Lunora.Worker.Aws;

/// <summary>Sees every AWS attempt (outcome and latency) and every retry; telemetry hangs off this.</summary>
public interface IAwsCallObserver
{
    /// <param name="outcome">success, throttled, server_error, client_error, timeout or network_error.</param>
    void Call(string service, string operation, string outcome, TimeSpan duration);

    void Retry(string service, string operation);
}
