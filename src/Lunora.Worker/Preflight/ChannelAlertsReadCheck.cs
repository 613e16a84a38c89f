using Lunora.Worker.Aws;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Preflight;

/// <summary>The worker may list the channel's alerts (a read: the call itself is the probe).</summary>
public sealed class ChannelAlertsReadCheck(MediaLiveClient medialive, string channelId) : IPreflightCheck
{
    public string Name => $"alerts {channelId}";

    public string Permission => "medialive:ListAlerts";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var alerts = await medialive.ListAlertsAsync(channelId, AlertStateFilter.Set, cancellationToken).ConfigureAwait(false);
            return PreflightResult.Pass(Name, $"ListAlerts allowed ({alerts.Count} set)");
        }
        catch (AwsNotFoundException)
        {
            return PreflightResult.Skip(Name, $"channel {channelId} not found");
        }
        catch (AwsForbiddenException e)
        {
            return PreflightResult.Fail(Name, $"ListAlerts denied ({e.ErrorType})", $"allow {Permission} on channel {channelId} for the task role");
        }
    }
}
