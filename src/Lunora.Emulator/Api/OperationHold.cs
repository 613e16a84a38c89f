using System.Text.Json.Nodes;

namespace Lunora.Emulator.Api;

/// <summary>
/// A freeze fault: the next <c>count</c> requests of one operation are held before they take effect, until released,
/// as a request stalls between a client and the service. A held request whose client goes away meanwhile (cancelled,
/// timed out, the process died) never takes effect; one released with its client still waiting does. Each held
/// request's fate is reported, so a test can tell an abandoned mutation from one that landed late.
/// </summary>
internal sealed class OperationHold
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _outcomes = [];
    private string? _operation;
    private int _remaining;
    private TaskCompletionSource _release = NewRelease();
    private int _waiting;

    public void Arm(string operation, int count)
    {
        lock (_gate)
        {
            _operation = operation;
            _remaining = count;
            _release = NewRelease();
        }
    }

    /// <summary>Lets every held request go on, and holds nothing more.</summary>
    public void Release()
    {
        TaskCompletionSource release;
        lock (_gate)
        {
            _operation = null;
            _remaining = 0;
            release = _release;
        }

        release.TrySetResult();
    }

    public JsonObject Report()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["operation"] = _operation,
                ["remaining"] = _remaining,
                ["waiting"] = _waiting,
                ["held"] = new JsonArray([.. _outcomes.Select(o => (JsonNode)o.DeepClone())]),
            };
        }
    }

    /// <summary>False when the request was held and its client went away: the caller must not run the operation.</summary>
    public async Task<bool> PassAsync(string operation, CancellationToken requestAborted)
    {
        JsonObject outcome;
        Task release;
        lock (_gate)
        {
            if (_remaining <= 0 || !string.Equals(_operation, operation, StringComparison.Ordinal))
            {
                return true;
            }

            _remaining--;
            _waiting++;
            outcome = new JsonObject { ["operation"] = operation, ["outcome"] = "held" };
            _outcomes.Add(outcome);
            release = _release.Task;
        }

        var proceed = true;
        try
        {
            await release.WaitAsync(requestAborted);
        }
        catch (OperationCanceledException)
        {
            proceed = false;
        }

        proceed &= !requestAborted.IsCancellationRequested;
        lock (_gate)
        {
            _waiting--;
            outcome["outcome"] = proceed ? "applied" : "abandoned";
        }

        return proceed;
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
