namespace Lunora.Worker.Health;

/// <summary>The polled health signals of a channel: MediaLive alerts and CloudWatch ActiveOutputs.</summary>
public interface IChannelSignalSource
{
    /// <summary>Alerts currently SET or recently CLEARED (ListAlerts).</summary>
    Task<IReadOnlyList<AlertSignal>> ListAlertsAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// The newest ActiveOutputs (Minimum) per output group and pipeline over the recent past; a missing entry means
    /// no datapoint (the output is not being generated).
    /// </summary>
    Task<IReadOnlyDictionary<(string GroupName, int Pipeline), double>> ActiveOutputsAsync(
        string channelId,
        IReadOnlyCollection<string> groupNames,
        int pipelineCount,
        CancellationToken cancellationToken);
}
