using Lunora.Worker.Health;

namespace Lunora.Worker.Tests.Loop.Fakes;

/// <summary>Health signals a test sets by hand: alerts, ActiveOutputs, a failing read, a reachable primary.</summary>
internal sealed class ScriptedSignals : IChannelSignalSource, IEndpointProbe
{
    public List<AlertSignal> Alerts { get; } = [];

    public Dictionary<(string GroupName, int Pipeline), double> Active { get; } = [];

    public Exception? Failure { get; set; }

    public bool Reachable { get; set; } = true;

    public Task<IReadOnlyList<AlertSignal>> ListAlertsAsync(string channelId, CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException<IReadOnlyList<AlertSignal>>(failure) : Task.FromResult<IReadOnlyList<AlertSignal>>([.. Alerts]);

    public Task<IReadOnlyDictionary<(string GroupName, int Pipeline), double>> ActiveOutputsAsync(
        string channelId,
        IReadOnlyCollection<string> groupNames,
        int pipelineCount,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<(string GroupName, int Pipeline), double>>(new Dictionary<(string GroupName, int Pipeline), double>(Active));

    public Task<bool> IsReachableAsync(string url, CancellationToken cancellationToken) => Task.FromResult(Reachable);
}
